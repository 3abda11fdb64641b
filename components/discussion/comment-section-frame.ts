// What the comment section and its stand-in (deferred-comment-section.tsx) share, so swapping one for the
// other moves nothing on the page and keeps #comments-heading links working.
export const COMMENT_SECTION_CLASS = "mx-auto mt-16 max-w-[68ch] border-t border-rule pt-8";
export const COMMENTS_HEADING_ID = "comments-heading";
