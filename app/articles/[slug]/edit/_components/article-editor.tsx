"use client";

import { useActionState, useState, useTransition } from "react";
import {
  buttonClass,
  errorTextClass,
  FormField,
  FormMessage,
  inputClass,
  secondaryButtonClass,
} from "@/components/auth/form-field";
import { MAX_BODY_LENGTH } from "@/lib/articles/content-file";
import { previewArticle, publishArticle, type PublishState } from "../actions";

interface Props {
  slug: string;
  revision: { id: string; title: string; summary: string; categories: string; body: string };
}

export function ArticleEditor({ slug, revision }: Props) {
  const [state, formAction, publishing] = useActionState<PublishState, FormData>(
    publishArticle.bind(null, slug),
    {},
  );
  const [body, setBody] = useState(revision.body);
  const [preview, setPreview] = useState<{ html: string } | { error: string } | null>(null);
  const [previewing, startPreview] = useTransition();

  return (
    <form action={formAction} className="mt-8 space-y-6" aria-describedby="editor-message">
      <input type="hidden" name="baseRevisionId" value={revision.id} />
      <FormMessage id="editor-message" message={state.message} />
      <FormField
        id="title"
        name="title"
        label="Title"
        defaultValue={revision.title}
        required
        errors={state.errors?.title}
      />
      <div>
        <label htmlFor="summary" className="block font-medium">
          Summary
        </label>
        <textarea
          id="summary"
          name="summary"
          rows={3}
          defaultValue={revision.summary}
          className={inputClass}
          aria-describedby="summary-error"
        />
        <div id="summary-error" aria-live="polite" className="empty:hidden">
          {state.errors?.summary?.map((error) => (
            <p key={error} className={errorTextClass}>
              {error}
            </p>
          ))}
        </div>
      </div>
      <FormField
        id="categories"
        name="categories"
        label="Categories"
        hint="Separated by commas"
        defaultValue={revision.categories}
        errors={state.errors?.categories}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <div>
          <label htmlFor="body" className="block font-medium">
            Text (Markdown)
          </label>
          <p id="body-hint" className="text-muted text-sm">
            “::: highlights” … “:::” makes the Highlights box; “## ” starts a section.
          </p>
          <textarea
            id="body"
            name="body"
            value={body}
            onChange={(event) => setBody(event.target.value)}
            rows={24}
            maxLength={MAX_BODY_LENGTH}
            className={`${inputClass} font-mono text-sm`}
            aria-describedby="body-hint body-count body-error"
          />
          <p id="body-count" className="text-muted mt-1 text-sm">
            {body.length.toLocaleString("en")} / {MAX_BODY_LENGTH.toLocaleString("en")} characters
          </p>
          <div id="body-error" aria-live="polite" className="empty:hidden">
            {state.errors?.body?.map((error) => (
              <p key={error} className={errorTextClass}>
                {error}
              </p>
            ))}
          </div>
        </div>
        <section aria-labelledby="preview-title" className="min-w-0">
          <div className="flex items-center justify-between">
            <h2 id="preview-title" className="font-medium">
              Preview
            </h2>
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={previewing}
              onClick={() => startPreview(async () => setPreview(await previewArticle(body)))}
            >
              {previewing ? "Rendering…" : "Update preview"}
            </button>
          </div>
          <div aria-live="polite" className="border-rule mt-3 rounded border p-4">
            {preview === null ? (
              <p className="text-muted text-sm">Press “Update preview” to see the text as readers will.</p>
            ) : "error" in preview ? (
              <p className={errorTextClass}>{preview.error}</p>
            ) : (
              // Rendered by our own Markdown renderer with raw HTML disabled.
              <div className="article-body" dangerouslySetInnerHTML={{ __html: preview.html }} />
            )}
          </div>
        </section>
      </div>
      <div className="flex gap-3">
        <button type="submit" className={buttonClass} disabled={publishing}>
          {publishing ? "Publishing…" : "Publish new revision"}
        </button>
        <a href={`/articles/${slug}`} className={secondaryButtonClass}>
          Cancel
        </a>
      </div>
    </form>
  );
}
