import type { FormState } from "./schemas";

/** The outcome of an account operation, shaped for a form: `{ errors, message }` plus success. */
export type AccountResult =
  { ok: true; message: string } | { ok: false; message: string; errors?: FormState["errors"] };

export const NOT_ALLOWED_MESSAGE = "You are not allowed to do this.";
export const CHECK_FIELDS_MESSAGE = "Check the highlighted fields.";
