"use client";
// The create form (which shows a new token once) and the list of tokens with a revoke button each.
import { useActionState } from "react";
import { createTokenAction, revokeTokenAction } from "@/lib/api-tokens/actions";
import {
  type ApiTokenDto,
  DEFAULT_TOKEN_LIFETIME_DAYS,
  SCOPE_NAMES,
  TOKEN_LIFETIME_DAYS,
  TOKEN_NAME_MAX_LENGTH,
  TOKEN_SCOPES,
  type TokenFormState,
} from "@/lib/api-tokens/schemas";
import {
  buttonClass,
  FieldErrors,
  FormField,
  FormMessage,
  inputClass,
  secondaryButtonClass,
} from "@/components/auth/form-field";

const INITIAL: TokenFormState = {};

export function CreateTokenForm() {
  const [state, action, pending] = useActionState(createTokenAction, INITIAL);
  return (
    <div className="space-y-4">
      {state.token ? (
        <div className="border-accent space-y-2 rounded border p-4" role="status">
          <label htmlFor="new-token" className="block font-medium">
            Your new token: copy it now, it will not be shown again
          </label>
          <input
            id="new-token"
            readOnly
            value={state.token}
            className={`${inputClass} font-mono text-sm`}
            onFocus={(event) => event.currentTarget.select()}
          />
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => void navigator.clipboard?.writeText(state.token ?? "")}
          >
            Copy token
          </button>
        </div>
      ) : null}
      <form action={action} noValidate className="space-y-4" aria-describedby="token-message">
        <FormField
          id="token-name"
          name="name"
          label="Name"
          hint={`What uses it, e.g. “reading notes script”. Up to ${TOKEN_NAME_MAX_LENGTH} characters.`}
          maxLength={TOKEN_NAME_MAX_LENGTH}
          defaultValue={state.token ? "" : (state.values?.name ?? "")}
          errors={state.errors?.name}
        />
        <fieldset aria-describedby="token-scope-error">
          <legend className="font-medium">Scope</legend>
          {TOKEN_SCOPES.map((scope) => (
            <label key={scope} className="mr-6 inline-flex items-center gap-2">
              <input
                type="radio"
                name="scope"
                value={scope}
                defaultChecked={(state.values?.scope ?? "READ") === scope}
              />
              {SCOPE_NAMES[scope]}
            </label>
          ))}
          <FieldErrors id="token-scope-error" errors={state.errors?.scope} />
        </fieldset>
        <div>
          <label htmlFor="token-expiry" className="block font-medium">
            Expires after
          </label>
          <select
            id="token-expiry"
            name="expiresInDays"
            className={inputClass}
            defaultValue={state.values?.expiresInDays ?? String(DEFAULT_TOKEN_LIFETIME_DAYS)}
            aria-describedby="token-expiry-error"
          >
            {TOKEN_LIFETIME_DAYS.map((days) => (
              <option key={days} value={days}>
                {days} days
              </option>
            ))}
          </select>
          <FieldErrors id="token-expiry-error" errors={state.errors?.expiresInDays} />
        </div>
        <FormMessage id="token-message" message={state.token ? undefined : state.message} ok={state.ok} />
        <button type="submit" className={buttonClass} disabled={pending}>
          Create token
        </button>
      </form>
    </div>
  );
}

const dateFormat = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const formatDate = (iso: string | null, none: string) =>
  iso ? `${dateFormat.format(new Date(iso))} UTC` : none;

function RevokeButton({ token }: { token: ApiTokenDto }) {
  const [state, action, pending] = useActionState(revokeTokenAction, INITIAL);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="tokenId" value={token.id} />
      <button
        type="submit"
        className={secondaryButtonClass}
        disabled={pending}
        aria-label={`Revoke token ${token.name}`}
      >
        Revoke
      </button>
      <FormMessage id={`revoke-${token.id}`} message={state.message} ok={state.ok} />
    </form>
  );
}

const STATE_NAMES: Record<ApiTokenDto["state"], string> = {
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
};

export function TokenList({ tokens }: { tokens: ApiTokenDto[] }) {
  if (tokens.length === 0) return <p className="text-muted">You have no API tokens.</p>;
  return (
    <ul className="divide-rule border-rule divide-y rounded border" aria-label="API tokens">
      {tokens.map((token) => (
        <li
          key={token.id}
          className="flex flex-wrap items-start justify-between gap-4 p-4"
          data-token-id={token.id}
        >
          <div className="space-y-1">
            <p className="font-medium">
              {token.name} <span className="text-muted text-sm">({STATE_NAMES[token.state]})</span>
            </p>
            <dl className="text-muted grid grid-cols-[auto_1fr] gap-x-4 text-sm">
              <dt>Token</dt>
              <dd className="font-mono">{token.prefix}…</dd>
              <dt>Scope</dt>
              <dd>{SCOPE_NAMES[token.scope]}</dd>
              <dt>Created</dt>
              <dd>{formatDate(token.createdAt, "")}</dd>
              <dt>Expires</dt>
              <dd>{formatDate(token.expiresAt, "never")}</dd>
              <dt>Last used</dt>
              <dd>{formatDate(token.lastUsedAt, "never")}</dd>
              {token.revokedAt ? (
                <>
                  <dt>Revoked</dt>
                  <dd>{formatDate(token.revokedAt, "")}</dd>
                </>
              ) : null}
            </dl>
          </div>
          {token.state === "active" ? <RevokeButton token={token} /> : null}
        </li>
      ))}
    </ul>
  );
}
