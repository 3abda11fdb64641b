// Input schemas and limits for teams. The same schemas validate the forms' data in the server actions and
// the domain commands; no server-only imports, so forms use the constants for hints and maxLength.
import "../zod-jitless";
import { z } from "zod";
import type { TeamRole } from "@/lib/generated/prisma/enums";

export const TEAM_NAME_MAX_LENGTH = 80;
export const TEAM_SLUG_MIN_LENGTH = 3;
export const TEAM_SLUG_MAX_LENGTH = 40;
export const TEAM_DESCRIPTION_MAX_LENGTH = 500;
/** Teams one person may create (own) at a time: a brake on abuse, far above honest use. */
export const MAX_TEAMS_OWNED_PER_USER = 20;
/** Members one team may have. */
export const MAX_MEMBERS_PER_TEAM = 500;
/** Open (not revoked, not expired, not used up) invitation links one team may have at a time. */
export const MAX_OPEN_INVITATIONS_PER_TEAM = 50;
/** How many people one invitation link may let in. */
export const INVITATION_MAX_USES_LIMIT = 100;
export const DEFAULT_INVITATION_MAX_USES = 10;
/** Lifetimes offered for invitation links, in days. */
export const INVITATION_LIFETIME_DAYS = [1, 7, 30] as const;
export const DEFAULT_INVITATION_LIFETIME_DAYS = 7;
/** An invitation addressed to one user lasts this long. */
export const DIRECT_INVITATION_LIFETIME_DAYS = 14;
/** Longest value of "email or handle" worth looking up. */
export const INVITEE_MAX_LENGTH = 254;

/** Roles an invitation or a role change may give. OWNER is only ever passed on by a transfer. */
export const ASSIGNABLE_ROLES = ["ADMIN", "MEMBER"] as const satisfies readonly TeamRole[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export const TEAM_ROLE_NAMES: Record<TeamRole, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };

// Control and invisible formatting characters (bidi overrides, zero-width marks) would let a team name
// impersonate another or break layouts; HTML is allowed and always shown as text.
function hasForbiddenCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 && code !== 0x0a) return true;
    if (code >= 0x7f && code < 0xa0) return true;
    if (
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    ) {
      return true;
    }
  }
  return false;
}

const INVISIBLE_MESSAGE = "Remove control or invisible formatting characters.";

export const teamNameSchema = z
  .string({ error: "Enter a team name." })
  .transform((value) => value.normalize("NFC").replace(/\s+/g, " ").trim())
  .pipe(
    z
      .string()
      .min(1, "Enter a team name.")
      .max(TEAM_NAME_MAX_LENGTH, `Use at most ${TEAM_NAME_MAX_LENGTH} characters.`)
      .refine((value) => !hasForbiddenCharacter(value), INVISIBLE_MESSAGE),
  );

export const teamSlugSchema = z
  .string({ error: "Enter an address for the team." })
  .trim()
  .toLowerCase()
  .min(TEAM_SLUG_MIN_LENGTH, `Use at least ${TEAM_SLUG_MIN_LENGTH} characters.`)
  .max(TEAM_SLUG_MAX_LENGTH, `Use at most ${TEAM_SLUG_MAX_LENGTH} characters.`)
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "Use lowercase letters, digits and single hyphens (e.g. policy-desk).",
  );

export const teamDescriptionSchema = z
  .string()
  .default("")
  .transform((value) => value.normalize("NFC").replace(/\r\n?/g, "\n").trim())
  .pipe(
    z
      .string()
      .max(TEAM_DESCRIPTION_MAX_LENGTH, `Use at most ${TEAM_DESCRIPTION_MAX_LENGTH} characters.`)
      .refine((value) => !hasForbiddenCharacter(value), INVISIBLE_MESSAGE),
  );

/** A slug suggested from a name ("Policy Desk!" → "policy-desk"), for the create form's default. */
export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, TEAM_SLUG_MAX_LENGTH)
    .replace(/-+$/, "");
}

export const createTeamSchema = z.object({
  name: teamNameSchema,
  slug: teamSlugSchema,
  description: teamDescriptionSchema,
});
export type CreateTeamInput = z.input<typeof createTeamSchema>;

const roleSchema = z.enum(ASSIGNABLE_ROLES, { error: "Choose Admin or Member." });

export const createInvitationLinkSchema = z.object({
  role: roleSchema.default("MEMBER"),
  maxUses: z.coerce
    .number({ error: "Enter how many people may use the link." })
    .int("Enter a whole number.")
    .min(1, "At least 1.")
    .max(INVITATION_MAX_USES_LIMIT, `At most ${INVITATION_MAX_USES_LIMIT}.`)
    .default(DEFAULT_INVITATION_MAX_USES),
  expiresInDays: z.coerce
    .number({ error: "Choose when the link expires." })
    .refine(
      (days) => (INVITATION_LIFETIME_DAYS as readonly number[]).includes(days),
      `Choose ${INVITATION_LIFETIME_DAYS.join(", ")} days.`,
    )
    .default(DEFAULT_INVITATION_LIFETIME_DAYS),
});
/** Raw input, as a form or a test gives it; the schema decides what is valid. */
export interface CreateInvitationLinkInput {
  role?: string;
  maxUses?: number | string;
  expiresInDays?: number | string;
}

export const inviteUserSchema = z.object({
  invitee: z
    .string({ error: "Enter an email address or a @handle." })
    .trim()
    .min(1, "Enter an email address or a @handle.")
    .max(INVITEE_MAX_LENGTH, "That is too long for an email address or a handle.")
    // A NUL byte cannot go into a PostgreSQL query parameter: the lookup failed with a 500.
    .refine((value) => !value.includes("\u0000"), "Enter an email address or a @handle.")
    .transform((value) => value.replace(/^@/, "")),
  role: roleSchema.default("MEMBER"),
});
export interface InviteUserInput {
  invitee: string;
  role?: string;
}

export const changeRoleSchema = z.object({
  userId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine((value) => !value.includes("\u0000"), "Missing user."),
  role: roleSchema,
});

/** What every team server action returns: field errors, a message, and a link token shown once. */
export interface TeamFormState {
  errors?: Record<string, string[] | undefined>;
  message?: string;
  ok?: boolean;
  values?: Record<string, string>;
  /** The invitation URL, returned once when a link is created. */
  invitationUrl?: string;
}
