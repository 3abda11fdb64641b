"use client";
// The comment section, loaded when the reader comes near it (as Coral's embed does): it sits below the
// article, and most of the article page's readers never reach it, so its code is not part of the first
// load (issue 4: the page's JavaScript <= 150 KB gzipped). Until then it holds its place with the same
// frame and heading. A link into the comments (#comments-heading, #comment-<id>) loads it at once, and
// keyboard users reach it the same way as everyone else: moving focus there scrolls it into view.
import { Suspense, useEffect, useRef, useState, type Ref } from "react";
import { lazyPart } from "@/components/lazy-part";
import { COMMENT_SECTION_CLASS, COMMENTS_HEADING_ID } from "./comment-section-frame";

const CommentSection = lazyPart(() => import("./comment-section").then((module) => module.CommentSection));

/** How far below the viewport the section starts loading, so it is usually ready when it is reached. */
const LOAD_AHEAD_PX = 800;
const COMMENTS_HASH = /^#comment/;

function Placeholder({ frameRef }: { frameRef?: Ref<HTMLElement> }) {
  return (
    <section
      ref={frameRef}
      aria-labelledby={COMMENTS_HEADING_ID}
      className={COMMENT_SECTION_CLASS}
      data-comment-section
      data-comments-deferred
    >
      <h2 id={COMMENTS_HEADING_ID} className="text-2xl font-semibold">
        Comments
      </h2>
      <p className="text-muted mt-4">Loading comments…</p>
    </section>
  );
}

export function DeferredCommentSection({ slug }: { slug: string }) {
  const [near, setNear] = useState(false);
  const frame = useRef<HTMLElement>(null);

  useEffect(() => {
    if (near) return;
    const element = frame.current;
    if (COMMENTS_HASH.test(window.location.hash) || !element || typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setNear(true);
      },
      { rootMargin: `0px 0px ${LOAD_AHEAD_PX}px 0px` },
    );
    observer.observe(element);
    const onHashChange = () => {
      if (COMMENTS_HASH.test(window.location.hash)) setNear(true);
    };
    window.addEventListener("hashchange", onHashChange);
    return () => {
      observer.disconnect();
      window.removeEventListener("hashchange", onHashChange);
    };
  }, [near]);

  if (!near) return <Placeholder frameRef={frame} />;
  return (
    <Suspense fallback={<Placeholder />}>
      <CommentSection slug={slug} />
    </Suspense>
  );
}
