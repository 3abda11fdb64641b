// The automatic moderation rules (lib/moderation/rules.ts): word matching across scripts, case and
// diacritics with real word boundaries; link detection; and the verdict for each rule and threshold.
import { describe, expect, it } from "vitest";
import {
  compileWordList,
  containsLink,
  evaluatePost,
  findListedWord,
  foldText,
  holdMessage,
  holdReasonLabel,
  parseHoldReasons,
  isNewAccount,
  MODERATION_DEFAULTS,
  type ModerationRules,
  type PostFacts,
  refusalMessage,
} from "@/lib/moderation/rules";

describe("foldText", () => {
  it("drops case and diacritics with full Unicode decomposition", () => {
    expect(foldText("CAFÉ")).toBe("cafe");
    expect(foldText("Crème Brûlée")).toBe("creme brulee");
    expect(foldText("Straße")).toBe("strasse");
    // Compatibility forms (full-width letters, ligatures) fold to their plain letters.
    expect(foldText("ＡＢＣ ﬁne")).toBe("abc fine");
    // Greek final sigma and capital sigma are one letter.
    expect(foldText("ΛΌΓΟΣ λόγος")).toBe("λογοσ λογοσ");
  });
});

describe("word matching", () => {
  it("ignores case and diacritics on both sides", () => {
    expect(findListedWord("Le café est fermé", ["cafe"])).toBe("cafe");
    expect(findListedWord("LE CAFÉ", ["café"])).toBe("café");
    expect(findListedWord("le cafe", ["CAFÉ"])).toBe("CAFÉ");
    expect(findListedWord("naïve reader", ["naive"])).toBe("naive");
  });

  it("respects word boundaries", () => {
    expect(findListedWord("a class of its own", ["ass"])).toBeNull();
    expect(findListedWord("assessment and bass", ["ass"])).toBeNull();
    expect(findListedWord("what an ass.", ["ass"])).toBe("ass");
    expect(findListedWord("(ass)", ["ass"])).toBe("ass");
    expect(findListedWord("ass's", ["ass"])).toBe("ass");
    expect(findListedWord("scunthorpe", ["cunt"])).toBeNull();
    // Digits belong to words too: "spam1" is not "spam".
    expect(findListedWord("spam1", ["spam"])).toBeNull();
    expect(findListedWord("spam 1", ["spam"])).toBe("spam");
  });

  it("treats a diacritic as part of the word, not as a boundary", () => {
    // "é" decomposes to e + combining accent: removing the accent must not split "résumé".
    expect(findListedWord("my résumé", ["sum"])).toBeNull();
    expect(findListedWord("my résumé", ["resume"])).toBe("resume");
  });

  it("matches phrases word by word, whatever separates the words", () => {
    expect(findListedWord("Buy   NOW, cheap", ["buy now"])).toBe("buy now");
    expect(findListedWord("buy-now!", ["buy now"])).toBe("buy now");
    expect(findListedWord("buy\nnow", ["buy now"])).toBe("buy now");
    expect(findListedWord("buy nowhere", ["buy now"])).toBeNull();
    expect(findListedWord("rebuy now", ["buy now"])).toBeNull();
    expect(findListedWord("buy it now", ["buy now"])).toBeNull();
  });

  it("works in Cyrillic and Greek with their own boundaries and case", () => {
    expect(findListedWord("Это СПАМ, друзья", ["спам"])).toBe("спам");
    expect(findListedWord("спамер", ["спам"])).toBeNull();
    // Cyrillic й is и + breve under NFKD: folded like a diacritic on both sides.
    expect(findListedWord("Мой ЙОГУРТ", ["йогурт"])).toBe("йогурт");
    expect(findListedWord("ΑΝΟΗΤΟΣ άνθρωπος", ["ανόητος"])).toBe("ανόητος");
    expect(findListedWord("ανόητοςκαι", ["ανόητος"])).toBeNull();
  });

  it("finds words of unspaced scripts (Han, Japanese, Thai, Hangul) wherever they occur", () => {
    expect(findListedWord("你是傻瓜吗？", ["傻瓜"])).toBe("傻瓜");
    expect(findListedWord("あなたはバカです", ["バカ"])).toBe("バカ");
    expect(findListedWord("너는 바보야", ["바보"])).toBe("바보");
    expect(findListedWord("คุณโง่มาก", ["โง่"])).toBe("โง่");
    expect(findListedWord("傻子", ["傻瓜"])).toBeNull();
    // A Latin word right after Han text is still a word of its own.
    expect(findListedWord("你好spam你好", ["spam"])).toBe("spam");
  });

  it("returns the first listed entry found, as written, and ignores entries without letters", () => {
    expect(findListedWord("spam and eggs", ["eggs", "spam"])).toBe("eggs");
    expect(findListedWord("anything at all", ["  ", "!!!", ""])).toBeNull();
    expect(findListedWord("nothing here", [])).toBeNull();
  });

  it("compiles a list once and reuses it", () => {
    const matcher = compileWordList(["scam", "free money"]);
    expect(matcher.find("This is a SCAM")).toBe("scam");
    expect(matcher.find("Free—money!")).toBe("free money");
    expect(matcher.find("scampi and money")).toBeNull();
  });
});

describe("containsLink", () => {
  it.each([
    "see https://example.com/page",
    "HTTP://EXAMPLE.COM",
    "[the source](https://example.com)",
    "[relative](/articles/x)",
    "<https://example.com>",
    "go to www.example.org today",
    "visit example.com",
    "buy at cheap-pills.ru now",
    "mail me: mailto:a@b.example",
    "[ref]: https://example.com\n\nsee [ref]",
    "shop.example.xyz/deal",
  ])("finds a link in %j", (text) => {
    expect(containsLink(text)).toBe(true);
  });

  it.each([
    "Node.js is a runtime",
    "e.g. this and i.e. that",
    "The end.Next sentence",
    "write to ada@example",
    "a [bracketed] aside (with parentheses)",
    "version 1.2.3",
    "",
  ])("finds no link in %j", (text) => {
    expect(containsLink(text)).toBe(false);
  });
});

const NOW = new Date("2026-06-15T12:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

function rules(overrides: Partial<ModerationRules> = {}): ModerationRules {
  return { ...MODERATION_DEFAULTS, ...overrides };
}

function facts(
  overrides: Partial<Omit<PostFacts, "author">> & { author?: Partial<PostFacts["author"]> } = {},
): PostFacts {
  return {
    text: overrides.text ?? "A thoughtful note.",
    scope: overrides.scope ?? "public",
    now: overrides.now ?? NOW,
    author: {
      role: "READER",
      createdAt: new Date(NOW.getTime() - 365 * DAY),
      approvedPublicItems: 10,
      ...overrides.author,
    },
  };
}

const newcomer = { createdAt: new Date(NOW.getTime() - DAY), approvedPublicItems: 0 };

describe("evaluatePost", () => {
  it("publishes an ordinary post by an established reader", () => {
    expect(evaluatePost(facts(), rules())).toEqual({ action: "publish" });
  });

  it("refuses a banned word and names it", () => {
    const verdict = evaluatePost(facts({ text: "What a SCÁM this is" }), rules({ bannedWords: ["scam"] }));
    expect(verdict).toEqual({ action: "refuse", rule: "banned_word", word: "scam" });
    if (verdict.action !== "refuse") throw new Error("expected a refusal");
    expect(refusalMessage(verdict)).toContain("“scam”");
  });

  it("refuses banned words in team items and from staff too", () => {
    const list = rules({ bannedWords: ["scam"] });
    expect(evaluatePost(facts({ text: "scam", scope: "team" }), list).action).toBe("refuse");
    expect(evaluatePost(facts({ text: "scam", author: { role: "ADMIN" } }), list).action).toBe("refuse");
  });

  it("never moderates private items", () => {
    const strict = rules({ bannedWords: ["scam"], suspectWords: ["maybe"] });
    expect(
      evaluatePost(facts({ text: "scam maybe https://x.com", scope: "private", author: newcomer }), strict),
    ).toEqual({
      action: "publish",
    });
  });

  it("holds a suspect word, in public and team items", () => {
    const list = rules({ suspectWords: ["crypto"] });
    expect(evaluatePost(facts({ text: "Crypto tips" }), list)).toEqual({
      action: "hold",
      reasons: [{ rule: "suspect_word", word: "crypto" }],
    });
    expect(evaluatePost(facts({ text: "crypto", scope: "team" }), list).action).toBe("hold");
    expect(evaluatePost(facts({ text: "cryptography" }), list).action).toBe("publish");
  });

  it("a banned word wins over a suspect word", () => {
    expect(
      evaluatePost(facts({ text: "scam crypto" }), rules({ bannedWords: ["scam"], suspectWords: ["crypto"] }))
        .action,
    ).toBe("refuse");
  });

  it("pre-moderates a new account until it has N approved public items", () => {
    expect(evaluatePost(facts({ author: newcomer }), rules())).toEqual({
      action: "hold",
      reasons: [{ rule: "premoderation" }],
    });
    expect(evaluatePost(facts({ author: { ...newcomer, approvedPublicItems: 1 } }), rules()).action).toBe(
      "publish",
    );
    const three = rules({ premoderateFirstItems: 3 });
    expect(evaluatePost(facts({ author: { ...newcomer, approvedPublicItems: 2 } }), three).action).toBe(
      "hold",
    );
    expect(evaluatePost(facts({ author: { ...newcomer, approvedPublicItems: 3 } }), three).action).toBe(
      "publish",
    );
    expect(evaluatePost(facts({ author: newcomer }), rules({ premoderateFirstItems: 0 })).action).toBe(
      "publish",
    );
  });

  it("counts an account as new for newAccountDays, to the millisecond", () => {
    const sevenDays = rules({ newAccountDays: 7 });
    expect(isNewAccount(new Date(NOW.getTime() - 7 * DAY + 1), sevenDays, NOW)).toBe(true);
    expect(isNewAccount(new Date(NOW.getTime() - 7 * DAY), sevenDays, NOW)).toBe(false);
    expect(isNewAccount(new Date(NOW.getTime() - 1), rules({ newAccountDays: 0 }), NOW)).toBe(false);
    const oldNewcomer = { createdAt: new Date(NOW.getTime() - 8 * DAY), approvedPublicItems: 0 };
    expect(evaluatePost(facts({ author: oldNewcomer, text: "https://x.com" }), sevenDays).action).toBe(
      "publish",
    );
  });

  it("holds links from new accounts when the rule is on", () => {
    const approvedNewcomer = { ...newcomer, approvedPublicItems: 1 };
    expect(
      evaluatePost(facts({ text: "see https://example.com", author: approvedNewcomer }), rules()),
    ).toEqual({
      action: "hold",
      reasons: [{ rule: "new_account_link" }],
    });
    expect(
      evaluatePost(
        facts({ text: "see https://example.com", author: approvedNewcomer }),
        rules({ holdLinksFromNewAccounts: false }),
      ).action,
    ).toBe("publish");
    expect(evaluatePost(facts({ text: "see https://example.com" }), rules()).action).toBe("publish");
  });

  it("gives every reason when several rules hold a post", () => {
    const verdict = evaluatePost(
      facts({ text: "crypto at https://x.example.com", author: newcomer }),
      rules({ suspectWords: ["crypto"] }),
    );
    expect(verdict).toEqual({
      action: "hold",
      reasons: [
        { rule: "suspect_word", word: "crypto" },
        { rule: "premoderation" },
        { rule: "new_account_link" },
      ],
    });
    if (verdict.action !== "hold") throw new Error("expected a hold");
    expect(holdMessage(verdict.reasons)).toBe(
      "Waiting for review: held because it contains a word moderators check first, the first posts of a new account are reviewed and it contains a link. Only you and moderators can see it until a moderator approves it.",
    );
    expect(holdMessage([{ rule: "new_account_link" }])).toMatch(
      /^Waiting for review: held because it contains a link\./,
    );
    expect(verdict.reasons.map(holdReasonLabel)).toEqual(["Suspect word: crypto", "New account", "Link"]);
    // Stored as JSON: read back as it was written; rows held before reasons were stored have none.
    expect(parseHoldReasons(JSON.parse(JSON.stringify(verdict.reasons)))).toEqual(verdict.reasons);
    expect(parseHoldReasons([{ rule: "unknown" }, "x", null])).toEqual([]);
    expect(parseHoldReasons(null)).toEqual([]);
  });

  it("applies pre-moderation and the link rule to public items only, and never to staff", () => {
    expect(
      evaluatePost(facts({ scope: "team", author: newcomer, text: "https://x.com" }), rules()).action,
    ).toBe("publish");
    expect(
      evaluatePost(facts({ author: { ...newcomer, role: "MODERATOR" }, text: "https://x.com" }), rules())
        .action,
    ).toBe("publish");
    expect(evaluatePost(facts({ author: { ...newcomer, role: "ADMIN" } }), rules()).action).toBe("publish");
  });
});
