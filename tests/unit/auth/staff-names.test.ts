import { describe, expect, it } from "vitest";
import { nameSkeleton } from "@/lib/accounts/staff-names";

describe("nameSkeleton", () => {
  it.each([
    ["Ada Admin", "Аda Admin"], // Cyrillic А
    ["Ada Admin", "ada admin"],
    ["Ada Admin", "ADA ADMIN"],
    ["Ada Admin", "Adá Admín"],
    ["Ada Admin", "Ada_Admin"],
    ["Ada Admin", "Ada\u200bAdmin"], // zero-width space
    ["Ada Admin", "Ada Αdmin"], // Greek Alpha
    ["Ada Admin", "Ada Adrnin"], // "rn" for "m"
    ["Ada Admin", "Ada Adm1n"],
    ["Mo Moderator", "Mo M0derator"],
    ["Mo Moderator", "Ｍｏ Ｍｏｄｅｒａｔｏｒ"], // full-width
    ["Lia", "Iia"], // capital I for l
  ])("%s and %s share a skeleton", (staff, copy) => {
    expect(nameSkeleton(copy)).toBe(nameSkeleton(staff));
  });

  it.each([
    ["Ada Admin", "Ada Adams"],
    ["Mo Moderator", "Mo Mediator"],
  ])("%s and %s stay different", (staff, other) => {
    expect(nameSkeleton(other)).not.toBe(nameSkeleton(staff));
  });
});
