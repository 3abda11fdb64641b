"use client";
// The admin's form for the automatic moderation rules: word lists one entry per line, numeric thresholds
// with their bounds, and the link rule. Errors are announced (aria-live) and tied to their fields.
import { useActionState } from "react";
import type { FormState } from "@/lib/accounts/schemas";
import {
  buttonClass,
  errorTextClass,
  FormField,
  FormMessage,
  inputClass,
} from "@/components/auth/form-field";
import { saveModerationSettingsAction } from "../actions";

export interface SettingsFormValues {
  premoderateFirstItems: number;
  newAccountDays: number;
  bannedWords: string[];
  suspectWords: string[];
  holdLinksFromNewAccounts: boolean;
  floodLimitPerMinute: number;
  reportHideThreshold: number;
}

export interface SettingsFormLimits {
  maxWords: number;
  maxWordLength: number;
  bounds: Record<
    "premoderateFirstItems" | "newAccountDays" | "floodLimitPerMinute" | "reportHideThreshold",
    { min: number; max: number }
  >;
}

const INITIAL: FormState = {};

function WordListField({
  id,
  name,
  label,
  hint,
  defaultValue,
  errors,
}: {
  id: string;
  name: string;
  label: string;
  hint: string;
  defaultValue: string;
  errors: string[] | undefined;
}) {
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <p id={`${id}-hint`} className="text-muted text-sm">
        {hint}
      </p>
      <textarea
        id={id}
        name={name}
        rows={6}
        defaultValue={defaultValue}
        spellCheck={false}
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-hint ${id}-error`}
        className={`${inputClass} font-mono text-sm`}
      />
      <div id={`${id}-error`} aria-live="polite" className="mt-1 empty:hidden">
        {errors?.map((error) => (
          <p key={error} className={errorTextClass}>
            {error}
          </p>
        ))}
      </div>
    </div>
  );
}

export function ModerationSettingsForm({
  settings,
  limits,
}: {
  settings: SettingsFormValues;
  limits: SettingsFormLimits;
}) {
  const [state, action, pending] = useActionState(saveModerationSettingsAction, INITIAL);
  // After a refusal the form shows what was typed; otherwise the saved settings.
  const value = (name: keyof SettingsFormValues, saved: string) => state.values?.[name] ?? saved;
  const number = (name: keyof SettingsFormLimits["bounds"], label: string, hint: string) => (
    <FormField
      id={`setting-${name}`}
      name={name}
      label={label}
      hint={`${hint} From ${limits.bounds[name].min} to ${limits.bounds[name].max}.`}
      type="number"
      inputMode="numeric"
      required
      min={limits.bounds[name].min}
      max={limits.bounds[name].max}
      step={1}
      defaultValue={value(name, String(settings[name]))}
      errors={state.errors?.[name]}
    />
  );
  const listHint = `One word or phrase per line; case and accents are ignored and only whole words match. At most ${limits.maxWords} entries of ${limits.maxWordLength} characters.`;
  const holdLinks = state.values
    ? state.values.holdLinksFromNewAccounts === "on"
    : settings.holdLinksFromNewAccounts;

  return (
    <form action={action} noValidate className="space-y-8" aria-describedby="settings-message">
      <fieldset className="space-y-4">
        <legend className="font-reading text-xl font-semibold">New accounts</legend>
        {number(
          "newAccountDays",
          "Days an account counts as new",
          "Pre-moderation and the link rule apply during these days.",
        )}
        {number(
          "premoderateFirstItems",
          "Items to pre-moderate",
          "A new account's public items wait in Pending until this many are approved. 0 turns pre-moderation off.",
        )}
        <div className="flex items-start gap-2">
          <input
            id="setting-holdLinksFromNewAccounts"
            name="holdLinksFromNewAccounts"
            type="checkbox"
            defaultChecked={holdLinks}
            className="mt-1 size-4"
          />
          <label htmlFor="setting-holdLinksFromNewAccounts">
            Hold public posts with links from new accounts for review
          </label>
        </div>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="font-reading text-xl font-semibold">Words</legend>
        <WordListField
          id="setting-bannedWords"
          name="bannedWords"
          label="Banned words"
          hint={`A post containing one is refused, and its author is told which word to change. ${listHint}`}
          defaultValue={value("bannedWords", settings.bannedWords.join("\n"))}
          errors={state.errors?.bannedWords}
        />
        <WordListField
          id="setting-suspectWords"
          name="suspectWords"
          label="Suspect words"
          hint={`A post containing one waits in Pending for a moderator. ${listHint}`}
          defaultValue={value("suspectWords", settings.suspectWords.join("\n"))}
          errors={state.errors?.suspectWords}
        />
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="font-reading text-xl font-semibold">Limits</legend>
        {number(
          "floodLimitPerMinute",
          "Posts a minute",
          "Annotations, replies and comments one person may post in a minute.",
        )}
        {number(
          "reportHideThreshold",
          "Reports that hide an item",
          "An item reported by this many different readers is hidden until a moderator reviews it. 0 turns this off.",
        )}
      </fieldset>

      <FormMessage id="settings-message" message={state.message} ok={state.ok} />
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
