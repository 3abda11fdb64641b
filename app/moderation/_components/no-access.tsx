// Shown to signed-in users who moderate nothing: neither a site moderator nor a team owner or admin.
export function NoModerationAccess() {
  return (
    <div className="mx-auto max-w-2xl px-4 py-10 sm:px-6">
      <h1 className="font-reading text-3xl font-semibold tracking-tight">No access</h1>
      <p className="mt-4">This page is for site moderators and for the owners and admins of teams.</p>
    </div>
  );
}
