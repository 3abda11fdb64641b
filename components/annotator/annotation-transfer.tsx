"use client";
// "Export my annotations" (Markdown, W3C JSON-LD) and "Import annotations (JSON-LD)" for a signed-in
// reader. Its own chunk, loaded only when someone is signed in (annotator.tsx).
import { useState } from "react";
import { AnnotationApiError, annotationApi } from "./api";

/** The import route's own limit (app/api/articles/[slug]/annotations/import): checked before sending. */
const MAX_IMPORT_FILE_BYTES = 10_000_000;

async function importFile(slug: string, file: File): Promise<{ message: string; imported: number }> {
  if (file.size > MAX_IMPORT_FILE_BYTES)
    return { message: "Import failed: the file is larger than 10 MB.", imported: 0 };
  let document: unknown;
  try {
    document = JSON.parse(await file.text());
  } catch {
    return { message: "Import failed: the file is not JSON.", imported: 0 };
  }
  try {
    const report = await annotationApi.importJsonLd(slug, document);
    const imported = report.anchored + report.moved + report.fuzzy + report.orphaned;
    const reasons = report.errors.length
      ? ` (${report.errors.map((error) => `#${error.index + 1}: ${error.message}`).join("; ")})`
      : "";
    return { message: `Imported ${imported}, skipped ${report.failed}${reasons}.`, imported };
  } catch (error) {
    return {
      message: `Import failed: ${error instanceof AnnotationApiError ? error.message : "the server did not answer."}`,
      imported: 0,
    };
  }
}

export function AnnotationTransfer({
  slug,
  canImport,
  onImported,
}: {
  slug: string;
  canImport: boolean;
  /** Called after annotations were imported, so the page shows them at once. */
  onImported: () => Promise<void>;
}) {
  const [importing, setImporting] = useState(false);
  const [result, setResult] = useState<string | null>(null);

  const startImport = async (file: File) => {
    setResult(null);
    setImporting(true);
    try {
      const outcome = await importFile(slug, file);
      // One's own annotations appear at once (the live stream would bring them too).
      if (outcome.imported > 0) await onImported();
      setResult(outcome.message);
    } finally {
      setImporting(false);
    }
  };

  return (
    <div className="text-muted space-y-1 text-xs">
      <p>
        Export my annotations:{" "}
        <a className="text-accent underline" href={annotationApi.exportUrl(slug, "markdown")} download>
          Markdown
        </a>{" "}
        ·{" "}
        <a className="text-accent underline" href={annotationApi.exportUrl(slug, "jsonld")} download>
          JSON-LD
        </a>
      </p>
      {canImport ? (
        <p>
          <label className="text-accent has-focus-visible:outline-accent cursor-pointer underline has-focus-visible:outline-2">
            {importing ? "Importing…" : "Import annotations (JSON-LD)"}
            <input
              type="file"
              accept=".json,.jsonld,application/ld+json,application/json"
              className="sr-only"
              disabled={importing}
              onChange={(event) => {
                const file = event.target.files?.[0];
                // The same file can be chosen again after a fix.
                event.target.value = "";
                if (file) void startImport(file);
              }}
            />
          </label>
        </p>
      ) : null}
      <p role="status" className="empty:hidden" data-testid="import-result">
        {result ?? ""}
      </p>
    </div>
  );
}
