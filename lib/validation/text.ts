// Shared by every domain's zod schemas. PostgreSQL `text` cannot hold U+0000: a NUL byte that got past
// validation made the write fail with a 500 instead of a clear refusal (found by the schema property tests).
export const NO_NUL = /^[^\u0000]*$/;
export const NUL_MESSAGE = "Remove the NUL character (U+0000)";
