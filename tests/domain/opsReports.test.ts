import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RECENT_CHAT, RoomModeration } from "../../domain/ops/moderation.ts";
import { daysBetween, opsFilterSchema } from "../../domain/ops/opsFilter.ts";
import { aiCostReport, learningReport, rate, type LearningCounts } from "../../domain/ops/reports.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { WordListChatFilter } from "../../services/moderation/ChatFilter.ts";
import { toCsv } from "../../web/src/ops/csv.ts";

/** The operator console's pure parts: filters, report assembly, a room's moderation state, CSV, the chat filter. */

describe("report filters", () => {
  it("defaults to the last seven days and refuses reversed or overlong ranges", () => {
    const schema = opsFilterSchema("2026-12-01");
    expect(schema.parse({})).toEqual({ from: "2026-11-25", to: "2026-12-01" });
    expect(schema.safeParse({ from: "2026-12-02", to: "2026-12-01" }).success).toBe(false);
    expect(schema.safeParse({ from: "2025-01-01", to: "2026-12-01" }).success).toBe(false);
    expect(schema.safeParse({ from: "2026-02-30" }).success).toBe(false);
    expect(daysBetween("2026-02-27", "2026-03-01")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
  });
});

describe("report assembly", () => {
  const counts: LearningCounts = {
    totals: { sessions: 3, learners: 2, turns: 4, passes: 3, lessonsCompleted: 1 },
    daily: [{ day: "2026-11-21", sessions: 3, learners: 2, turns: 4, passes: 3, lessonsCompleted: 1, peakConcurrent: 2 }],
    activities: [{ activityId: "a", lessonId: "l", turns: 4, passes: 3, meanAttemptsToPass: 1.33 }],
    errors: [
      { activityId: "a", lang: "id", errorType: "particle", count: 5 },
      { activityId: "a", lang: "id", errorType: "spelling", count: 1 },
      { activityId: "a", lang: "id", errorType: "formality", count: 3 },
      { activityId: "a", lang: "id", errorType: "counter", count: 1 },
      { activityId: "a", lang: "vi", errorType: "counter", count: 2 },
    ],
    failedAnswers: [],
    lessons: [],
  };

  it("fills the days nobody came, derives rates and keeps three error types per activity and language", () => {
    const report = learningReport({ from: "2026-11-20", to: "2026-11-22" }, counts);
    expect(report.daily.map((d) => [d.day, d.sessions, d.passRate])).toEqual([["2026-11-20", 0, null], ["2026-11-21", 3, 0.75], ["2026-11-22", 0, null]]);
    expect(report.totals).toEqual({ sessions: 3, learners: 2, turns: 4, passRate: 0.75, lessonsCompleted: 1, peakConcurrent: 2 });
    expect(report.errors.map((e) => [e.lang, e.errorType, e.share])).toEqual([
      ["id", "particle", 0.5], ["id", "formality", 0.3], ["id", "counter", 0.1], ["vi", "counter", 1],
    ]);
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(1, 0)).toBeNull();
  });

  it("sets each day's AI spend against the budget", () => {
    const report = aiCostReport({ from: "2026-11-20", to: "2026-11-21" }, 2, [
      { day: "2026-11-20", providerType: "eval", providerName: "gemini", calls: 3, costUsd: 0.5 },
      { day: "2026-11-20", providerType: "tts", providerName: "google-tts", calls: 1, costUsd: 0.25 },
    ]);
    expect(report.days).toEqual([{ day: "2026-11-20", costUsd: 0.75, budgetShare: 0.375 }, { day: "2026-11-21", costUsd: 0, budgetShare: 0 }]);
    expect(report.totalUsd).toBe(0.75);
  });
});

describe("a room's moderation state", () => {
  it("forgets expired mutes and bars, and keeps the last lines of chat", () => {
    const room = new RoomModeration();
    room.mute("u1", 1_000);
    expect(room.mutedUntil("u1", 999)).toBe(1_000);
    expect(room.mutedUntil("u1", 1_000)).toBeUndefined();
    room.bar("u2", 500);
    expect(room.isBarred("u2", 100)).toBe(true);
    expect(room.isBarred("u2", 501)).toBe(false);
    for (let i = 0; i < RECENT_CHAT + 5; i++) room.remember({ id: `m${i}`, sessionId: "s", userId: "u", name: "n", text: `${i}`, at: i });
    expect(room.recentChat()).toHaveLength(RECENT_CHAT);
    expect(room.forget("m0")).toBeUndefined();
    expect(room.forget("m10")?.text).toBe("10");
    expect(room.recentChat().some((line) => line.id === "m10")).toBe(false);
  });
});

describe("CSV export", () => {
  it("quotes what must be quoted and keeps formulas as text", () => {
    const columns = [
      { key: "answer", label: "Answer", value: (r: { a: string; n: number | null }) => r.a },
      { key: "n", label: "N", value: (r: { a: string; n: number | null }) => r.n },
    ];
    expect(toCsv(columns, [{ a: '아메리카노, "두" 잔', n: 2 }, { a: "=HYPERLINK(1)", n: null }, { a: "-5", n: -5 }])).toBe(
      'answer,n\r\n"아메리카노, ""두"" 잔",2\r\n"\'=HYPERLINK(1)",\r\n-5,-5\r\n',
    );
  });
});

describe("the chat filter", () => {
  const filter = new WordListChatFilter();

  it("holds back Korean abuse however it is spaced, and English abuse however it is spelt", () => {
    for (const line of ["개새끼", "개 새 끼", "개.새.끼야", "시발 진짜"]) expect(filter.check(line).ok, line).toBe(false);
    for (const line of ["fuck this", "fuuuuck", "sh1t", "n1gga"]) expect(filter.check(line).ok, line).toBe(false);
    expect(filter.check("이 개 새 끼야")).toEqual({ ok: false, matched: expect.arrayContaining(["개새끼"]) as string[] });
  });

  it("lets the course's own words through, in every learner language (no line of the lessons or packs is blocked)", () => {
    for (const line of ["Saya nggak tahu", "Berapa hari Anda akan tinggal?", "pelanggan", "Scunthorpe", "assistant", "아이스 아메리카노 두 잔 주세요"]) {
      expect(filter.check(line), line).toEqual({ ok: true });
    }
    const blocked: string[] = [];
    for (const dir of ["lessons", "langpacks"]) {
      for (const file of readdirSync(path.join(CONTENT_DIR, dir))) {
        for (const line of readFileSync(path.join(CONTENT_DIR, dir, file), "utf8").split("\n")) if (!filter.check(line).ok) blocked.push(`${file}: ${line}`);
      }
    }
    expect(blocked).toEqual([]);
  });
});
