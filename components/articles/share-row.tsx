import { CopyLinkButton } from "./copy-link-button";

export function shareLinks(url: string, title: string) {
  const encodedUrl = encodeURIComponent(url);
  return {
    email: `mailto:?subject=${encodeURIComponent(title)}&body=${encodeURIComponent(`${title}\n\n${url}`)}`,
    x: `https://x.com/intent/post?url=${encodedUrl}&text=${encodeURIComponent(title)}`,
    linkedIn: `https://www.linkedin.com/sharing/share-offsite/?url=${encodedUrl}`,
  };
}

const linkClass =
  "inline-flex items-center rounded border border-rule px-3 py-1.5 text-sm hover:border-accent hover:text-accent";

export function ShareRow({ url, title }: { url: string; title: string }) {
  const links = shareLinks(url, title);
  return (
    <section aria-labelledby="share-title" className="border-rule mt-12 border-t pt-6">
      <h2 id="share-title" className="text-muted text-sm font-semibold tracking-wide uppercase">
        Spread the word
      </h2>
      <ul className="mt-3 flex flex-wrap gap-2">
        <li>
          <CopyLinkButton url={url} className={linkClass} />
        </li>
        <li>
          <a href={links.email} className={linkClass}>
            Email
          </a>
        </li>
        <li>
          <a href={links.x} className={linkClass} rel="noopener noreferrer" target="_blank">
            Share on X<span className="sr-only"> (opens in a new tab)</span>
          </a>
        </li>
        <li>
          <a href={links.linkedIn} className={linkClass} rel="noopener noreferrer" target="_blank">
            Share on LinkedIn<span className="sr-only"> (opens in a new tab)</span>
          </a>
        </li>
      </ul>
    </section>
  );
}
