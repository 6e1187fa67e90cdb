import { describe, expect, it } from "vitest";
import { sanitizeChat } from "../../domain/chat.ts";
import { displayNameSchema } from "../../domain/learners/learner.ts";

describe("chat text", () => {
  it("trims, folds whitespace and removes control and invisible characters", () => {
    expect(sanitizeChat("  안녕\n\t하세요\u0007  ")).toEqual({ ok: true, text: "안녕 하세요" });
    expect(sanitizeChat("abc\u202Edef\u200B")).toEqual({ ok: true, text: "abcdef" });
  });

  it("keeps emoji sequences joined with a zero-width joiner", () => {
    const family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}";
    expect(sanitizeChat(family)).toEqual({ ok: true, text: family });
  });

  it("recomposes decomposed Hangul", () => {
    const decomposed = "안녕".normalize("NFD");
    expect(decomposed.length).toBeGreaterThan(2);
    expect(sanitizeChat(decomposed)).toEqual({ ok: true, text: "안녕" });
  });

  it("refuses empty and over-long messages, counting characters not UTF-16 units", () => {
    expect(sanitizeChat(" \u0000 \u200B")).toEqual({ ok: false, reason: "empty" });
    expect(sanitizeChat("가".repeat(200))).toMatchObject({ ok: true });
    expect(sanitizeChat("😀".repeat(200))).toMatchObject({ ok: true });
    expect(sanitizeChat("가".repeat(201))).toEqual({ ok: false, reason: "too_long" });
  });
});

describe("display names", () => {
  it("are one clean line of at most 24 characters", () => {
    expect(displayNameSchema.parse("  김 \n 민수 ")).toBe("김 민수");
    expect(displayNameSchema.safeParse("\u200B").success).toBe(false);
    expect(displayNameSchema.safeParse("x".repeat(25)).success).toBe(false);
  });
});
