// Issue 20: a reader could take a moderator's or admin's display name, including with look-alike letters.
import { describe, expect, it } from "vitest";
import { updateDisplayName } from "@/lib/accounts/profile";
import { STAFF_NAME_MESSAGE } from "@/lib/accounts/staff-names";
import { registerUser } from "@/lib/accounts/sign-up";
import { testDb, uniqueId } from "../../helpers/db";
import { createUser } from "../../helpers/fixtures";

const db = testDb();

/** A staff member with a name of letters only (unique per test), and the copies a reader might try. */
async function staffNamed(role: "ADMIN" | "MODERATOR") {
  const staff = await createUser(db, { role });
  const letters = uniqueId("")
    .replace(/[^a-f]/g, "")
    .slice(0, 6);
  const name = `Quill Keeper ${letters}`;
  await db.user.update({ where: { id: staff.id }, data: { name } });
  return { staff, name };
}

describe("display names that copy staff", () => {
  it("refuses a staff name, in another case, with diacritics, look-alike letters or spacing; nothing changes", async () => {
    const { name } = await staffNamed("MODERATOR");
    const reader = await createUser(db);
    const copies = [
      name,
      name.toUpperCase(),
      name.replace("Quill", "Qu\u00edll"),
      name.replace("Keeper", "K\u0435\u0435per"), // Cyrillic е
      name.replace("Keeper", "Keep3r"),
      name.replace(" ", "_"),
      name.replace(" ", "\u00a0\u00a0"),
    ];
    for (const copy of copies) {
      const result = await updateDisplayName(db, reader, { name: copy });
      expect([copy, result]).toEqual([
        copy,
        expect.objectContaining({ ok: false, errors: { name: [STAFF_NAME_MESSAGE] } }),
      ]);
    }
    const stored = await db.user.findUniqueOrThrow({ where: { id: reader.id }, select: { name: true } });
    expect(stored.name).toBe(reader.name);
  });

  it("refuses it at sign-up too, and creates no account", async () => {
    const { name } = await staffNamed("ADMIN");
    const email = `${uniqueId("copy")}@example.com`;
    const result = await registerUser(
      db,
      { name: name.replace("Quill", "Qu\u0456ll"), email, password: "analytical engine notes" },
      { ip: `test-ip-${uniqueId()}` },
    );
    expect(result).toMatchObject({ ok: false, errors: { name: [STAFF_NAME_MESSAGE] } });
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("lets staff keep their own name, and others take names that only look alike in part", async () => {
    const { staff, name } = await staffNamed("ADMIN");
    expect((await updateDisplayName(db, staff, { name: name.toUpperCase() })).ok).toBe(true);
    const reader = await createUser(db);
    expect((await updateDisplayName(db, reader, { name: `${name} Fan` })).ok).toBe(true);
  });
});
