"use client";

import { useState } from "react";

const RESET_AFTER_MS = 2500;

/** Copies the article's canonical URL to the clipboard and says so to screen readers. */
export function CopyLinkButton({ url, className }: { url: string; className: string }) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
    setTimeout(() => setStatus("idle"), RESET_AFTER_MS);
  }

  return (
    <>
      <button type="button" onClick={() => void copy()} className={className} data-url={url}>
        {status === "copied" ? "Link copied" : "Copy link"}
      </button>
      <span role="status" className="sr-only">
        {status === "copied"
          ? "Link copied to the clipboard"
          : status === "failed"
            ? "Could not copy; copy the address from the address bar"
            : ""}
      </span>
    </>
  );
}
