"use client";
// The forms of /teams and /teams/[slug]. Each posts to a server action and shows its answer in an
// aria-live region tied to the form; field errors sit under their fields (components/auth/form-field.tsx).
import { useActionState, useState } from "react";
import {
  buttonClass,
  errorTextClass,
  FieldErrors,
  FormField,
  FormMessage,
  inputClass,
  secondaryButtonClass,
} from "@/components/auth/form-field";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import {
  changeRoleAction,
  createInvitationLinkAction,
  createTeamAction,
  deleteTeamAction,
  inviteUserAction,
  leaveTeamAction,
  removeMemberAction,
  revokeInvitationAction,
  transferOwnershipAction,
} from "@/lib/teams/actions/teams";
import {
  DEFAULT_INVITATION_LIFETIME_DAYS,
  DEFAULT_INVITATION_MAX_USES,
  INVITATION_LIFETIME_DAYS,
  INVITATION_MAX_USES_LIMIT,
  slugFromName,
  TEAM_DESCRIPTION_MAX_LENGTH,
  TEAM_NAME_MAX_LENGTH,
  TEAM_ROLE_NAMES,
  TEAM_SLUG_MAX_LENGTH,
  type TeamFormState,
} from "@/lib/teams/schemas";

const INITIAL: TeamFormState = {};

export function CreateTeamForm() {
  const [state, action, pending] = useActionState(createTeamAction, INITIAL);
  const [name, setName] = useState(state.values?.name ?? "");
  const [slug, setSlug] = useState(state.values?.slug ?? "");
  const [slugEdited, setSlugEdited] = useState(Boolean(state.values?.slug));
  return (
    <form action={action} noValidate className="space-y-4" aria-describedby="create-team-message">
      <FormField
        id="team-name"
        name="name"
        label="Team name"
        hint={`Up to ${TEAM_NAME_MAX_LENGTH} characters.`}
        maxLength={TEAM_NAME_MAX_LENGTH}
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          if (!slugEdited) setSlug(slugFromName(event.target.value));
        }}
        errors={state.errors?.name}
      />
      <FormField
        id="team-slug"
        name="slug"
        label="Address"
        hint={`The team's page will be /teams/<address>: lowercase letters, digits and hyphens, up to ${TEAM_SLUG_MAX_LENGTH}.`}
        maxLength={TEAM_SLUG_MAX_LENGTH}
        autoCapitalize="none"
        spellCheck={false}
        value={slug}
        onChange={(event) => {
          setSlug(event.target.value);
          setSlugEdited(true);
        }}
        errors={state.errors?.slug}
      />
      <div>
        <label htmlFor="team-description" className="block font-medium">
          Description <span className="text-muted font-normal">(optional)</span>
        </label>
        <textarea
          id="team-description"
          name="description"
          rows={3}
          maxLength={TEAM_DESCRIPTION_MAX_LENGTH}
          defaultValue={state.values?.description ?? ""}
          className={inputClass}
          aria-invalid={state.errors?.description ? true : undefined}
          aria-describedby="team-description-error"
        />
        <FieldErrors id="team-description-error" errors={state.errors?.description} />
      </div>
      <FormMessage id="create-team-message" message={state.message} ok={state.ok} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Create team
      </button>
    </form>
  );
}

function RoleSelect({
  id,
  canInviteAdmins,
  defaultValue,
}: {
  id: string;
  canInviteAdmins: boolean;
  defaultValue?: string | undefined;
}) {
  if (!canInviteAdmins) return <input type="hidden" name="role" value="MEMBER" />;
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        Role
      </label>
      <select id={id} name="role" className={inputClass} defaultValue={defaultValue ?? "MEMBER"}>
        <option value="MEMBER">{TEAM_ROLE_NAMES.MEMBER}</option>
        <option value="ADMIN">{TEAM_ROLE_NAMES.ADMIN}</option>
      </select>
    </div>
  );
}

export function InvitationLinkForm({ slug, canInviteAdmins }: { slug: string; canInviteAdmins: boolean }) {
  const [state, action, pending] = useActionState(createInvitationLinkAction, INITIAL);
  return (
    <div className="space-y-4">
      {state.invitationUrl ? (
        <div className="border-accent space-y-2 rounded border p-4" role="status">
          <label htmlFor="new-invitation-url" className="block font-medium">
            Invitation link: copy it now, it will not be shown again
          </label>
          <input
            id="new-invitation-url"
            readOnly
            value={state.invitationUrl}
            className={`${inputClass} font-mono text-sm`}
            onFocus={(event) => event.currentTarget.select()}
          />
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => void navigator.clipboard?.writeText(state.invitationUrl ?? "")}
          >
            Copy link
          </button>
        </div>
      ) : null}
      <form
        action={action}
        noValidate
        className="grid gap-4 sm:grid-cols-3"
        aria-describedby="invitation-link-message"
      >
        <input type="hidden" name="slug" value={slug} />
        <RoleSelect id="link-role" canInviteAdmins={canInviteAdmins} defaultValue={state.values?.role} />
        <FormField
          id="link-max-uses"
          name="maxUses"
          label="Can be used by"
          hint={`1 to ${INVITATION_MAX_USES_LIMIT} people.`}
          type="number"
          inputMode="numeric"
          min={1}
          max={INVITATION_MAX_USES_LIMIT}
          defaultValue={state.values?.maxUses ?? String(DEFAULT_INVITATION_MAX_USES)}
          errors={state.errors?.maxUses}
        />
        <div>
          <label htmlFor="link-expiry" className="block font-medium">
            Expires after
          </label>
          <select
            id="link-expiry"
            name="expiresInDays"
            className={inputClass}
            defaultValue={state.values?.expiresInDays ?? String(DEFAULT_INVITATION_LIFETIME_DAYS)}
            aria-describedby="link-expiry-error"
          >
            {INVITATION_LIFETIME_DAYS.map((days) => (
              <option key={days} value={days}>
                {days === 1 ? "1 day" : `${days} days`}
              </option>
            ))}
          </select>
          <FieldErrors id="link-expiry-error" errors={state.errors?.expiresInDays} />
        </div>
        <div className="space-y-3 sm:col-span-3">
          <FormMessage
            id="invitation-link-message"
            message={state.invitationUrl ? undefined : state.message}
            ok={state.ok}
          />
          <button type="submit" className={buttonClass} disabled={pending}>
            Create invitation link
          </button>
        </div>
      </form>
    </div>
  );
}

export function InviteUserForm({ slug, canInviteAdmins }: { slug: string; canInviteAdmins: boolean }) {
  const [state, action, pending] = useActionState(inviteUserAction, INITIAL);
  return (
    <form action={action} noValidate className="space-y-4" aria-describedby="invite-user-message">
      <input type="hidden" name="slug" value={slug} />
      <FormField
        id="invitee"
        name="invitee"
        label="Email or @handle"
        hint="Someone who already has an account. They get a notification to accept."
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        defaultValue={state.ok ? "" : (state.values?.invitee ?? "")}
        key={state.ok ? state.message : "form"}
        errors={state.errors?.invitee}
      />
      <RoleSelect id="invitee-role" canInviteAdmins={canInviteAdmins} defaultValue={state.values?.role} />
      <FormMessage id="invite-user-message" message={state.message} ok={state.ok} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Send invitation
      </button>
    </form>
  );
}

/** A one-button form (revoke, remove, make owner…) whose answer is announced next to it. */
function ButtonForm({
  action,
  fields,
  label,
  accessibleLabel,
  confirmText,
  danger,
}: {
  action: (previous: TeamFormState, formData: FormData) => Promise<TeamFormState>;
  fields: Record<string, string>;
  label: string;
  accessibleLabel: string;
  confirmText?: string;
  danger?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL);
  return (
    <form
      action={formAction}
      className="inline-flex flex-col items-start gap-1"
      onSubmit={(event) => {
        if (confirmText && !window.confirm(confirmText)) event.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        className={`${secondaryButtonClass} px-3 py-1 text-sm ${danger ? "text-red-700 dark:text-red-300" : ""}`}
        disabled={pending}
        aria-label={accessibleLabel}
      >
        {label}
      </button>
      <div aria-live="polite" className="empty:hidden">
        {state.message ? <p className={state.ok ? "text-sm" : errorTextClass}>{state.message}</p> : null}
      </div>
    </form>
  );
}

export function RevokeInvitationButton({
  slug,
  invitationId,
  description,
}: {
  slug: string;
  invitationId: string;
  description: string;
}) {
  return (
    <ButtonForm
      action={revokeInvitationAction}
      fields={{ slug, invitationId }}
      label="Revoke"
      accessibleLabel={`Revoke ${description}`}
    />
  );
}

export function RemoveMemberButton({ slug, userId, name }: { slug: string; userId: string; name: string }) {
  return (
    <ButtonForm
      action={removeMemberAction}
      fields={{ slug, userId }}
      label="Remove"
      accessibleLabel={`Remove ${name} from the team`}
      confirmText={`Remove ${name} from the team? They lose access to its annotations at once.`}
      danger
    />
  );
}

export function TransferOwnershipButton({
  slug,
  userId,
  name,
}: {
  slug: string;
  userId: string;
  name: string;
}) {
  return (
    <ButtonForm
      action={transferOwnershipAction}
      fields={{ slug, userId }}
      label="Make owner"
      accessibleLabel={`Make owner: ${name}`}
      confirmText={`Make ${name} the owner of this team? You will become an admin.`}
    />
  );
}

export function ChangeRoleForm({
  slug,
  userId,
  name,
  role,
}: {
  slug: string;
  userId: string;
  name: string;
  role: TeamRole;
}) {
  const [state, action, pending] = useActionState(changeRoleAction, INITIAL);
  const selectId = `role-${userId}`;
  return (
    <form action={action} className="inline-flex flex-wrap items-end gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={selectId} className="sr-only">
        Role of {name}
      </label>
      <select
        id={selectId}
        name="role"
        defaultValue={role}
        className="border-rule bg-page text-ink rounded border px-2 py-1 text-sm"
      >
        <option value="MEMBER">{TEAM_ROLE_NAMES.MEMBER}</option>
        <option value="ADMIN">{TEAM_ROLE_NAMES.ADMIN}</option>
      </select>
      <button
        type="submit"
        className={`${secondaryButtonClass} px-3 py-1 text-sm`}
        disabled={pending}
        aria-label={`Change role of ${name}`}
      >
        Change role
      </button>
      <div aria-live="polite" className="w-full empty:hidden">
        {state.message ? <p className={state.ok ? "text-sm" : errorTextClass}>{state.message}</p> : null}
      </div>
    </form>
  );
}

export function LeaveTeamForm({ slug, teamName }: { slug: string; teamName: string }) {
  return (
    <ButtonForm
      action={leaveTeamAction}
      fields={{ slug }}
      label="Leave team"
      accessibleLabel={`Leave team ${teamName}`}
      confirmText={`Leave ${teamName}? You will no longer see its annotations.`}
      danger
    />
  );
}

export function DeleteTeamForm({ slug }: { slug: string }) {
  const [state, action, pending] = useActionState(deleteTeamAction, INITIAL);
  return (
    <form action={action} noValidate className="space-y-4" aria-describedby="delete-team-message">
      <input type="hidden" name="slug" value={slug} />
      <FormField
        id="delete-confirmation"
        name="confirmation"
        label={`Type “${slug}” to confirm`}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        defaultValue={state.values?.confirmation ?? ""}
        errors={state.errors?.confirmation}
      />
      <FormMessage
        id="delete-team-message"
        message={state.errors?.confirmation ? undefined : state.message}
        ok={state.ok}
      />
      <button
        type="submit"
        className={`${secondaryButtonClass} text-red-700 dark:text-red-300`}
        disabled={pending}
      >
        Delete team
      </button>
    </form>
  );
}
