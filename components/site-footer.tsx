export function SiteFooter() {
  return (
    <footer className="border-rule mt-16 border-t">
      <div className="text-muted mx-auto max-w-5xl px-4 py-6 text-sm sm:px-6">
        Marginalia — read one article closely, together.
      </div>
    </footer>
  );
}
