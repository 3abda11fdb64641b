// A labelled input with its hint and its errors, tied together by aria-describedby; errors sit in an
// aria-live region so a screen reader hears them after a submit.
import type { InputHTMLAttributes } from "react";

export const inputClass =
  "mt-1 block w-full rounded border border-rule bg-page px-3 py-2 text-base text-ink aria-invalid:border-red-700 dark:aria-invalid:border-red-400";
export const buttonClass =
  "inline-flex items-center justify-center rounded bg-accent px-4 py-2 font-medium text-accent-ink hover:opacity-90 disabled:cursor-not-allowed disabled:opacity-60";
export const secondaryButtonClass =
  "inline-flex items-center justify-center rounded border border-rule px-4 py-2 font-medium hover:border-accent disabled:cursor-not-allowed disabled:opacity-60";
export const errorTextClass = "text-sm text-red-700 dark:text-red-300";

interface FormFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[] | undefined;
}

export function FormField({ id, name, label, hint, errors, ...input }: FormFieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-muted text-sm">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        className={inputClass}
        aria-invalid={invalid || undefined}
        aria-describedby={hint ? `${hintId} ${errorId}` : errorId}
        {...input}
      />
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

/** A field's errors, for controls FormField does not cover (textareas, selects): announced after a submit. */
export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  return (
    <div id={id} aria-live="polite" className="mt-1 empty:hidden">
      {errors?.map((error) => (
        <p key={error} className={errorTextClass}>
          {error}
        </p>
      ))}
    </div>
  );
}

/** The form-level message (success or refusal), announced politely. */
export function FormMessage({
  id,
  message,
  ok,
}: {
  id: string;
  message?: string | undefined;
  ok?: boolean | undefined;
}) {
  return (
    <div id={id} aria-live="polite" className="empty:hidden">
      {message ? (
        <p
          className={
            ok
              ? "border-rule bg-panel rounded border px-3 py-2 text-sm"
              : `rounded border border-red-700/40 px-3 py-2 ${errorTextClass}`
          }
        >
          {message}
        </p>
      ) : null}
    </div>
  );
}
