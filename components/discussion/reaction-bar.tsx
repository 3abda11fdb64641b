"use client";

// Agree / disagree / question toggles with counts; one of each per reader (aria-pressed shows one's own).
import { useState } from "react";
import { REACTION_KINDS, type ReactionKindDto } from "@/lib/discussion/limits";
import type { ReactionCountsDto } from "@/lib/discussion/schemas";

const REACTION_LABELS: Record<ReactionKindDto, { symbol: string; name: string }> = {
  AGREE: { symbol: "👍", name: "Agree" },
  DISAGREE: { symbol: "👎", name: "Disagree" },
  QUESTION: { symbol: "?", name: "Question" },
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
            <span aria-hidden="true">{symbol}</span>
            <span className="sr-only">{name}</span> {counts[kind]}
          </button>
        );
      })}
    </div>
  );
}
