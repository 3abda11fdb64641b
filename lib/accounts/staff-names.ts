// Display names may not pass for a member of staff (issue 20): a reader called "Ada Admin" with a Cyrillic
// "А", "ada  admin", "Adá Admín" or "Ada_Admin" looks the same as the admin on a thread or a report.
// Names are compared by a skeleton: Unicode-compatibility decomposed, diacritics, spaces, punctuation and
// invisible marks removed, lower-cased, and look-alike letters (Cyrillic, Greek, digits, "rn" for "m")
// folded onto the Latin letter they imitate. It is a brake on impersonation, not a full implementation
// of Unicode's confusables table (UTS #39): the mapping covers the letters that pass for Latin ones in
// ordinary fonts.
import type { Db } from "@/lib/db/prisma-factory";

export const STAFF_NAME_MESSAGE = "This display name is too close to a moderator's or administrator's name.";

const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ѕ: "s",
  і: "i",
  ї: "i",
  ј: "j",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  һ: "h",
  ӏ: "i",
  ɡ: "g",
  // Greek
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ω: "w",
  // Latin look-alikes and digits
  ı: "i",
  ȷ: "j",
  ł: "i",
  ø: "o",
  đ: "d",
  ħ: "h",
  "0": "o",
  "1": "i",
  "3": "e",
  "5": "s",
  "|": "i",
  // Capital I and lower-case l look alike in many fonts: every stroke of that shape is one letter.
  l: "i",
};

/** The form of a name two look-alike names share. */
export function nameSkeleton(name: string): string {
  const decomposed = name.normalize("NFKD");
  let folded = "";
  for (const char of decomposed) {
    const lower = char.toLowerCase();
    folded += CONFUSABLES[lower] ?? lower;
  }
  return folded
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]/gu, "")
    .replace(/rn/g, "m")
    .replace(/vv/g, "w");
}

/** True when `name` looks like the name of a moderator or admin other than `selfId`. */
export async function imitatesStaff(db: Db, name: string, selfId?: string): Promise<boolean> {
  const skeleton = nameSkeleton(name);
  if (skeleton === "") return false;
  const staff = await db.user.findMany({
    where: { role: { in: ["ADMIN", "MODERATOR"] }, ...(selfId ? { id: { not: selfId } } : {}) },
    select: { name: true },
  });
  return staff.some((member) => nameSkeleton(member.name) === skeleton);
}
