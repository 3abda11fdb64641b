export function SiteFooter() {
  return (
    <footer className="mt-16 border-t border-rule">
      <div className="mx-auto max-w-5xl px-4 py-6 text-sm text-muted sm:px-6">
        Marginalia — read one article closely, together.
      </div>
    </footer>
  );
}
