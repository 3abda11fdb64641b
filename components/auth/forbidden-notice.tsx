// Shown to a signed-in user who opens an admin page without being an active admin.
export function Forbidden() {
  return (
    <div className="mx-auto max-w-2xl px-4 py-10 sm:px-6">
      <h1 className="font-reading text-3xl font-semibold tracking-tight">No access</h1>
      <p className="mt-4">This page is for site administrators.</p>
    </div>
  );
}
