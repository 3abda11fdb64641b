"use server";
// Server actions of /teams, /teams/[slug] and /invitations/[token]. Each reads its form, asks the domain
// command (which checks the site rule and the team role), and returns `{ errors, message }` for the form.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { field } from "@/lib/accounts/actions/form-data";
import { ApiError } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { siteUrl } from "@/lib/env";
import {
  acceptInvitation,
  changeMemberRole,
  createInvitationLink,
  createTeam,
  deleteTeam,
  inviteUser,
  leaveTeam,
  removeMember,
  revokeInvitation,
  transferOwnership,
} from "../commands";
import { invitationPath } from "../invitation-tokens";
import type { TeamFormState } from "../schemas";

function refusal(error: unknown, values?: Record<string, string>): TeamFormState {
  if (error instanceof ApiError)
    return {
      message: error.message,
      ...(error.fields ? { errors: error.fields } : {}),
      ...(values ? { values } : {}),
    };
  throw error;
}

function teamPath(slug: string): string {
  return `/teams/${encodeURIComponent(slug)}`;
}

// POST /teams - create a team; its creator becomes the owner and lands on its page.
export async function createTeamAction(_previous: TeamFormState, formData: FormData): Promise<TeamFormState> {
  const values = {
    name: field(formData, "name"),
    slug: field(formData, "slug"),
    description: field(formData, "description"),
  };
  const user = await requireUser("/teams");
  let slug: string;
  try {
    slug = (await createTeam(db, user, values)).slug;
  } catch (error) {
    return refusal(error, values);
  }
  revalidatePath("/teams");
  redirect(teamPath(slug));
}

// Create a shareable invitation link; its URL is returned to the form once.
export async function createInvitationLinkAction(
  _previous: TeamFormState,
  formData: FormData,
): Promise<TeamFormState> {
  const slug = field(formData, "slug");
  const values = {
    role: field(formData, "role") || "MEMBER",
    maxUses: field(formData, "maxUses"),
    expiresInDays: field(formData, "expiresInDays"),
  };
  const user = await requireUser(teamPath(slug));
  try {
    const { token, invitation } = await createInvitationLink(db, user, slug, values);
    revalidatePath(teamPath(slug));
    return {
      ok: true,
      invitationUrl: `${siteUrl()}${invitationPath(token)}`,
      message: `Invitation link created for up to ${invitation.maxUses} ${invitation.maxUses === 1 ? "person" : "people"}. Copy it now: it will not be shown again.`,
    };
  } catch (error) {
    return refusal(error, values);
  }
}

// Invite an existing user by email or @handle: they get a notification to accept.
export async function inviteUserAction(_previous: TeamFormState, formData: FormData): Promise<TeamFormState> {
  const slug = field(formData, "slug");
  const values = { invitee: field(formData, "invitee"), role: field(formData, "role") || "MEMBER" };
  const user = await requireUser(teamPath(slug));
  try {
    const { invitee } = await inviteUser(db, user, slug, values);
    revalidatePath(teamPath(slug));
    return { ok: true, message: `${invitee.name} (@${invitee.handle}) is invited and has been notified.` };
  } catch (error) {
    return refusal(error, values);
  }
}

/**
 * The shape shared by the actions that change one team and stay on its page: sign-in required, the domain
 * command decides, a refusal goes back to the form, success refreshes the page and says what happened.
 */
async function changeTeam(
  formData: FormData,
  change: (user: Awaited<ReturnType<typeof requireUser>>, slug: string) => Promise<unknown>,
  doneMessage: string,
): Promise<TeamFormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(teamPath(slug));
  try {
    await change(user, slug);
  } catch (error) {
    return refusal(error);
  }
  revalidatePath(teamPath(slug));
  return { ok: true, message: doneMessage };
}

export async function revokeInvitationAction(
  _previous: TeamFormState,
  formData: FormData,
): Promise<TeamFormState> {
  return changeTeam(
    formData,
    (user, slug) => revokeInvitation(db, user, slug, field(formData, "invitationId")),
    "Invitation revoked: its link no longer works.",
  );
}

export async function changeRoleAction(_previous: TeamFormState, formData: FormData): Promise<TeamFormState> {
  return changeTeam(
    formData,
    (user, slug) =>
      changeMemberRole(db, user, slug, { userId: field(formData, "userId"), role: field(formData, "role") }),
    "Role changed.",
  );
}

export async function removeMemberAction(
  _previous: TeamFormState,
  formData: FormData,
): Promise<TeamFormState> {
  return changeTeam(
    formData,
    (user, slug) => removeMember(db, user, slug, field(formData, "userId")),
    "Member removed. They no longer see the team's annotations.",
  );
}

export async function transferOwnershipAction(
  _previous: TeamFormState,
  formData: FormData,
): Promise<TeamFormState> {
  return changeTeam(
    formData,
    (user, slug) => transferOwnership(db, user, slug, field(formData, "userId")),
    "Ownership transferred. You are now an admin of this team.",
  );
}

export async function leaveTeamAction(_previous: TeamFormState, formData: FormData): Promise<TeamFormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(teamPath(slug));
  try {
    await leaveTeam(db, user, slug);
  } catch (error) {
    return refusal(error);
  }
  revalidatePath("/teams");
  redirect("/teams");
}

export async function deleteTeamAction(_previous: TeamFormState, formData: FormData): Promise<TeamFormState> {
  const slug = field(formData, "slug");
  const values = { confirmation: field(formData, "confirmation") };
  const user = await requireUser(teamPath(slug));
  try {
    await deleteTeam(db, user, slug, values.confirmation);
  } catch (error) {
    return refusal(error, values);
  }
  revalidatePath("/teams");
  redirect("/teams");
}

// /invitations/[token] - accept: join the team and go to its page. A refusal says why and writes nothing.
export async function acceptInvitationAction(
  _previous: TeamFormState,
  formData: FormData,
): Promise<TeamFormState> {
  const token = field(formData, "token");
  const user = await requireUser(invitationPath(token));
  let slug: string;
  try {
    slug = (await acceptInvitation(db, user, token)).team.slug;
  } catch (error) {
    return refusal(error);
  }
  revalidatePath("/teams");
  redirect(teamPath(slug));
}
