import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayNameSchema } from "../../domain/learners/learner.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

/**
 * Display names are shown above avatars to everyone in a scene: each must show something,
 * must not reorder or hide the text around it, and emoji sequences must stay whole.
 */

const parse = (name: string) => displayNameSchema.safeParse(name);
const accepted = (name: string) => {
  const result = parse(name);
  if (!result.success) throw new Error(`refused ${JSON.stringify(name)}: ${result.error.issues[0]?.message}`);
  return result.data;
};

describe("display names", () => {
  it("refuses names with no visible character", () => {
    const invisible = [
      "\u3164", // Hangul filler
      "\u3164\u3164\u3164",
      "\u115F\u1160", // Hangul choseong and jungseong fillers
      "\uFFA0", // halfwidth Hangul filler
      "\u2800", // Braille blank
      "\u200B\u200C\u200D", // zero-width space, non-joiner, joiner
      "\u2060\uFEFF", // word joiner, byte order mark
      "\u00AD", // soft hyphen
      "\u202E\u2066", // bidi controls only
      "\u{E0041}\u{E0042}", // tag characters only
      "\uFE0F", // a variation selector alone
      "\u0301\u0301", // combining marks with nothing to sit on
      "\u3000 \u2003\u00A0", // spaces of every width
      "\u180E", // Mongolian vowel separator
    ];
    for (const name of invisible) {
      const result = parse(name);
      expect(result.success, JSON.stringify(name)).toBe(false);
      expect(result.error?.issues[0]?.message, JSON.stringify(name)).toMatch(/no visible character|empty/);
    }
  });

  it("keeps emoji sequences whole: ZWJ families, skin tones, variation selectors, flags", () => {
    for (const name of ["👨‍👩‍👧‍👦 Kim", "👍🏽 Lee", "❤️ 민수", "🇰🇷 Park", "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Ross", "🧑🏾‍💻", "🏳️‍🌈"]) {
      expect(accepted(name)).toBe(name.normalize("NFC"));
    }
  });

  it("strips only dangerous characters: bidi controls, tags, control characters", () => {
    expect(accepted("민수\u202Egnp.exe")).toBe("민수gnp.exe");
    expect(accepted("Ann\u2066a\u2069")).toBe("Anna");
    expect(accepted("hi\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}")).toBe("hi");
    expect(accepted("Bo\u0007b\u0000")).toBe("Bob");
    expect(accepted("  Jo \t\n Kim  ")).toBe("Jo Kim");
    // Scripts that need joiners keep them.
    expect(accepted("می\u200Cخواهم")).toBe("می\u200Cخواهم");
    // Decomposed Hangul is stored composed.
    expect(accepted("\u1106\u1175\u11AB\u1109\u116E")).toBe("민수");
  });

  it("counts length in characters as people see them", () => {
    expect(accepted("👨‍👩‍👧‍👦".repeat(5))).toHaveLength(55);
    expect(parse("가".repeat(24)).success).toBe(true);
    expect(parse("가".repeat(25)).success).toBe(false);
    // The database column holds 40 code points: longer sequences are refused, not cut.
    expect(parse("👨‍👩‍👧‍👦".repeat(6)).success).toBe(false);
  });
});

describe("names through sign-in", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database: "postgres" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const signIn = (name: string) =>
    fetch(`${server.baseUrl}/api/v1/auth/guest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, lang: "en" }),
    });

  it("refuses an invisible name with 400 and stores an emoji name intact", async () => {
    for (const name of ["\u3164", "\u2800"]) {
      const response = await signIn(name);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { code: "invalid_body", message: "name: name has no visible character" } });
    }
    const family = await signIn("👨‍👩‍👧 Kim");
    expect(family.status).toBe(201);
    const { learner } = (await family.json()) as { learner: { userId: string; name: string } };
    expect(learner.name).toBe("👨‍👩‍👧 Kim");
    const row = await server.services.db.prisma.user.findUniqueOrThrow({ where: { id: learner.userId } });
    expect(row.displayName).toBe("👨‍👩‍👧 Kim");
  });
});
