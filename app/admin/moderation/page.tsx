// /admin/moderation: the automatic moderation rules (admins only). The page reads the settings in force;
// the form saves them through a server action that validates and audits every change.
import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/auth/forbidden-notice";
import { AuthorizationError, requireRole } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import {
  MAX_LISTED_WORD_LENGTH,
  MAX_LISTED_WORDS,
  readModerationSettings,
  SETTING_BOUNDS,
} from "@/lib/moderation/settings";
import { ModerationSettingsForm } from "./_components/settings-form";

export const metadata: Metadata = { title: "Moderation settings", robots: { index: false } };

export default async function AdminModerationPage() {
  const actor = await requireRole("ADMIN", "/admin/moderation").catch((error: unknown) => {
    if (error instanceof AuthorizationError) return null;
    throw error;
  });
  if (!actor) return <Forbidden />;
  const settings = await readModerationSettings(db);

  return (
    <div className="mx-auto max-w-3xl space-y-6 px-4 py-10 sm:px-6">
      <h1 className="font-reading text-3xl font-semibold tracking-tight">Moderation settings</h1>
      <p className="text-muted">
        Automatic rules for annotations, replies and comments that others can read (private notes are never
        checked). Held items wait in the{" "}
        <Link href="/moderation?queue=pending" className="text-accent underline">
          Pending queue
        </Link>
        ; every change here is kept in the{" "}
        <Link href="/moderation/log" className="text-accent underline">
          audit log
        </Link>
        .
      </p>
      <ModerationSettingsForm
        settings={{
          ...settings,
          bannedWords: [...settings.bannedWords],
          suspectWords: [...settings.suspectWords],
        }}
        limits={{ maxWords: MAX_LISTED_WORDS, maxWordLength: MAX_LISTED_WORD_LENGTH, bounds: SETTING_BOUNDS }}
      />
    </div>
  );
}
