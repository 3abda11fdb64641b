// Refusals of the teams domain. They are ApiErrors (so a route handler maps them to HTTP statuses), and
// an invitation refusal also says why, so the accept page can explain it.
import { ApiError } from "../api/errors";
import type { InvitationState } from "./invitation-tokens";

/** Same answer for "no such team" and "not a member": a team's existence does not leak to outsiders. */
export const TEAM_NOT_FOUND_MESSAGE = "There is no team at this address, or you are not a member of it.";

export function teamNotFound(): ApiError {
  return new ApiError("not_found", TEAM_NOT_FOUND_MESSAGE);
}

export function notAllowed(message = "Your role in this team does not allow this."): ApiError {
  return new ApiError("forbidden", message);
}

export type InvitationProblem = Exclude<InvitationState, "valid"> | "invalid" | "not-for-you";

export const INVITATION_MESSAGES: Record<InvitationProblem, string> = {
  invalid:
    "This invitation link is not valid. Check that you copied the whole link, or ask the team for a new one.",
  expired: "This invitation has expired. Ask the team for a new one.",
  "used-up": "This invitation has already been used as many times as it allows. Ask the team for a new one.",
  revoked: "This invitation was withdrawn by the team. Ask them for a new one if you still need it.",
  "not-for-you": "This invitation was sent to another account. Sign in as that account to accept it.",
};

export class InvitationError extends ApiError {
  constructor(readonly problem: InvitationProblem) {
    super(
      problem === "invalid" ? "not_found" : problem === "not-for-you" ? "forbidden" : "conflict",
      INVITATION_MESSAGES[problem],
    );
    this.name = "InvitationError";
  }
}
