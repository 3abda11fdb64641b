"use client";

// Agree / disagree / question toggles with counts; one of each per reader (aria-pressed shows one's own).
import { type ReactNode, useState } from "react";
import { REACTION_KINDS, type ReactionKindDto } from "@/lib/discussion/limits";
import type { ReactionCountsDto } from "@/lib/discussion/schemas";

// Agree and Disagree are drawn as inline SVG (Feather's thumbs, MIT): the emoji 👍/👎 rendered as empty
// boxes on systems without an emoji font (issue 16). currentColor follows the text, in dark mode too.
const THUMB_UP =
  "M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3";
const THUMB_DOWN =
  "M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17";

function ThumbIcon({ path }: { path: string }) {
  return (
    <svg
      aria-hidden="true"
      data-reaction-icon
      viewBox="0 0 24 24"
      width="14"
      height="14"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      className="inline-block align-[-2px]"
    >
      <path d={path} />
    </svg>
  );
}

const REACTION_LABELS: Record<ReactionKindDto, { symbol: ReactNode; name: string }> = {
  AGREE: { symbol: <ThumbIcon path={THUMB_UP} />, name: "Agree" },
  DISAGREE: { symbol: <ThumbIcon path={THUMB_DOWN} />, name: "Disagree" },
  QUESTION: { symbol: <span aria-hidden="true">?</span>, name: "Question" },
};

export function ReactionBar({
  counts,
  mine,
  disabled,
  onToggle,
}: {
  counts: ReactionCountsDto;
  mine: ReactionKindDto[];
  disabled: boolean;
  onToggle: (kind: ReactionKindDto, on: boolean) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <div role="group" aria-label="Reactions" className="flex gap-1">
      {REACTION_KINDS.map((kind) => {
        const pressed = mine.includes(kind);
        const { symbol, name } = REACTION_LABELS[kind];
        return (
          <button
            key={kind}
            type="button"
            aria-pressed={pressed}
            disabled={disabled || busy}
            onClick={() => {
              setBusy(true);
              void onToggle(kind, !pressed).finally(() => setBusy(false));
            }}
            className={`rounded-full border px-2 py-0.5 ${pressed ? "border-accent bg-panel font-semibold" : "border-rule"} disabled:cursor-not-allowed`}
          >
            {symbol}
            <span className="sr-only">{name}</span> {counts[kind]}
          </button>
        );
      })}
    </div>
  );
}
