export const SITE_NAME = "Marginalia";
export const SITE_DESCRIPTION =
  "Read one article closely, together: highlights, notes and discussion in the margin.";
