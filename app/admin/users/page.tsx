import type { Metadata } from "next";
import Link from "next/link";
import { listUsers } from "@/lib/accounts/admin-users";
import { formatDate } from "@/lib/auth/format";
import { AuthorizationError, requireRole } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { buttonClass, inputClass } from "@/components/auth/form-field";
import { Forbidden } from "@/components/auth/forbidden-notice";

export const metadata: Metadata = { title: "Users", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminUsersPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireRole("ADMIN", "/admin/users").catch((error: unknown) => {
    if (error instanceof AuthorizationError) return null;
    throw error;
  });
  if (!actor) return <Forbidden />;
  const params = await searchParams;
  const result = await listUsers(db, actor, { q: params.q, page: params.page });
  if (!result) return <Forbidden />;
  const { users, total, page, pageCount, q } = result;
  const pageLink = (target: number) =>
    `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), page: String(target) })}`;

  return (
    <div className="mx-auto max-w-5xl space-y-6 px-4 py-10 sm:px-6">
      <h1 className="font-reading text-3xl font-semibold tracking-tight">Users</h1>
      <form role="search" method="get" className="flex flex-wrap items-end gap-3">
        <div className="grow">
          <label htmlFor="user-search" className="block font-medium">
            Search by name, email or handle
          </label>
          <input id="user-search" name="q" type="search" defaultValue={q} className={inputClass} />
        </div>
        <button type="submit" className={buttonClass}>
          Search
        </button>
      </form>
      <p aria-live="polite" className="text-muted">
        {total === 1 ? "1 user" : `${total} users`}
        {q ? ` matching “${q}”` : ""}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Users</caption>
          <thead>
            <tr className="border-rule border-b">
              <th scope="col" className="py-2 pr-4">
                Name
              </th>
              <th scope="col" className="py-2 pr-4">
                Email
              </th>
              <th scope="col" className="py-2 pr-4">
                Role
              </th>
              <th scope="col" className="py-2 pr-4">
                Status
              </th>
              <th scope="col" className="py-2 pr-4">
                Joined
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className="border-rule border-b align-top">
                <td className="py-2 pr-4">
                  <Link href={`/admin/users/${user.id}`} className="underline">
                    {user.name}
                  </Link>
                  <span className="text-muted block">@{user.handle}</span>
                </td>
                <td className="py-2 pr-4 break-all">{user.email}</td>
                <td className="py-2 pr-4">{user.role.toLowerCase()}</td>
                <td className="py-2 pr-4">
                  {user.status.toLowerCase()}
                  {user.status === "SUSPENDED" && user.suspendedUntil
                    ? ` until ${formatDate(user.suspendedUntil)}`
                    : ""}
                </td>
                <td className="py-2 pr-4">{formatDate(user.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pageCount > 1 ? (
        <nav aria-label="Pages" className="flex gap-4">
          {page > 1 ? <Link href={pageLink(page - 1)}>Previous page</Link> : null}
          <span>
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? <Link href={pageLink(page + 1)}>Next page</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
