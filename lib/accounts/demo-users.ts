// Demo accounts for local development and the e2e tests: an admin, a moderator and two readers.
// Their passwords are public (README); `npm run db:seed` creates them only outside production.
import type { Db } from "@/lib/db/prisma-factory";
import { hashPassword } from "@/lib/auth/passwords";
import type { Role } from "@/lib/generated/prisma/enums";

export interface DemoUser {
  email: string;
  password: string;
  name: string;
  handle: string;
  role: Role;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: "admin@marginalia.test",
    password: "demo-admin-password",
    name: "Ada Admin",
    handle: "ada",
    role: "ADMIN",
  },
  {
    email: "moderator@marginalia.test",
    password: "demo-moderator-password",
    name: "Mo Moderator",
    handle: "mo",
    role: "MODERATOR",
  },
  {
    email: "reader@marginalia.test",
    password: "demo-reader-password",
    name: "Rae Reader",
    handle: "rae",
    role: "READER",
  },
  {
    email: "reader2@marginalia.test",
    password: "demo-reader2-password",
    name: "Rex Reader",
    handle: "rex",
    role: "READER",
  },
];

/**
 * Demo accounts are established members: created long before the automatic moderation rules' "new
 * account" period (lib/moderation/rules.ts), so their public posts are not held for pre-moderation.
 */
export const DEMO_ACCOUNTS_CREATED_AT = new Date("2025-01-01T00:00:00Z");

/**
 * Creates the demo accounts that do not exist yet; existing ones (matched by email) are left exactly as
 * they are, so seeding twice writes nothing. Returns the emails created.
 */
export async function seedDemoUsers(db: Db, users: readonly DemoUser[] = DEMO_USERS): Promise<string[]> {
  const existing = await db.user.findMany({
    where: { email: { in: users.map((user) => user.email) } },
    select: { email: true },
  });
  const present = new Set(existing.map((user) => user.email));
  const created: string[] = [];
  for (const user of users) {
    if (present.has(user.email)) continue;
    await db.user.create({
      data: {
        email: user.email,
        name: user.name,
        handle: user.handle,
        role: user.role,
        passwordHash: await hashPassword(user.password),
        emailVerified: new Date(),
        createdAt: DEMO_ACCOUNTS_CREATED_AT,
      },
    });
    created.push(user.email);
  }
  return created;
}
