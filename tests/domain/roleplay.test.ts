import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateAnswer } from "../../domain/evaluator/evaluateAnswer.ts";
import { lessonSchema } from "../../domain/lessons/lesson.ts";
import { MAX_ATTEMPTS } from "../../domain/lessons/lessonEngine.ts";
import * as core from "../../domain/roleplay/roleplayCore.ts";
import * as lobby from "../../domain/roleplay/roleplayLobby.ts";
import {
  scriptOf,
  speakerIndex,
  TURN_LIMIT_MS,
  TURN_NUDGE_MS,
  viewOf,
  type Roleplay,
  type RoleplayContext,
  type RoleplayEffect,
  type RoleplayStep,
} from "../../domain/roleplay/roleplaySession.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { loadLexicon } from "../../services/content/loadLexicon.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { fixtureContent } from "../helpers/fixtureContent.ts";
import { ManualClock } from "../helpers/manualClock.ts";

// The fixture lessons stay fixed while the course grows; the lexicon and packs are the shipped ones.
const fixture = await fixtureContent();
const catalog = await loadCatalog(fixture.dir);
const lexicon = await loadLexicon(CONTENT_DIR);
await fixture.remove();
const lesson = catalog.lessons.get("cafe-order")!;
const script = scriptOf(lesson)!;

function context(): RoleplayContext & { clock: ManualClock } {
  let ids = 0;
  return { clock: new ManualClock(), pack: (lang) => catalog.pack(lang), npcName: "바리스타", newId: () => `id-${++ids}` };
}

const ana = { sessionId: "a", userId: "ua", name: "Ana", lang: "en" as const, sessionRowId: "row-a" };
const binh = { sessionId: "b", userId: "ub", name: "Bình", lang: "vi" as const, sessionRowId: "row-b" };

function of<K extends RoleplayEffect["kind"]>(step: RoleplayStep, kind: K): Array<Extract<RoleplayEffect, { kind: K }>> {
  return step.effects.filter((e): e is Extract<RoleplayEffect, { kind: K }> => e.kind === kind);
}

function messages(step: RoleplayStep, to: string, type: string): Array<Record<string, unknown>> {
  return of(step, "send").flatMap((e) => (e.to === to && e.message.type === type ? [e.message.payload as unknown as Record<string, unknown>] : []));
}

function begun(ctx = context()): { ctx: ReturnType<typeof context>; step: RoleplayStep } {
  const result = core.begin(ctx, "rp-1", lesson, [ana, binh]);
  if (!result.ok) throw new Error("no roleplay");
  return { ctx, step: result.step };
}

/** Says `text` as the current speaker and runs the real evaluator on it. */
function say(ctx: RoleplayContext, roleplay: Roleplay, text: string): RoleplayStep {
  const speaker = roleplay.players[speakerIndex(roleplay)!].sessionId;
  const asked = core.answer(ctx, roleplay, speaker, text);
  const [evaluate] = of(asked, "evaluate");
  if (!evaluate) throw new Error(`no evaluation: ${JSON.stringify(asked.effects)}`);
  const verdict = evaluateAnswer(evaluate.activity, evaluate.answer, lexicon);
  return core.resolve(ctx, asked.roleplay, evaluate.turn, { kind: "evaluated", evaluation: { verdict, provider: "rules", modelId: null, evaluatorMs: 1 } });
}

/** A right answer for the current line: the staff's line itself, or the activity's model answer. */
function rightLine(roleplay: Roleplay): string {
  return script[roleplay.index]!.judgedAs.kind === "repeat" ? script[roleplay.index]!.source.tutor.text : script[roleplay.index]!.source.answers[0]!;
}

describe("roleplay script", () => {
  it("makes each dialogue activity of the script a staff line, then a customer line", () => {
    expect(script.map((line) => `${line.role}:${line.source.id}`)).toEqual([
      "staff:cafe.greet",
      "customer:cafe.greet",
      "staff:cafe.order",
      "customer:cafe.order",
      "staff:cafe.pay",
      "customer:cafe.pay",
    ]);
    expect(script[0]!.judgedAs).toMatchObject({ kind: "repeat", answers: ["어서 오세요! 안녕하세요?"] });
  });

  it("refuses a lesson whose script names a missing or non-dialogue activity", () => {
    const raw = structuredClone(lesson) as unknown as { roleplay: { activities: string[] } };
    raw.roleplay.activities = ["cafe.greet", "cafe.temperature", "cafe.nothing", "cafe.greet"];
    const parsed = lessonSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    const messagesOf = parsed.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(messagesOf).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^roleplay\.activities\.1: .*choice activity/),
        expect.stringMatching(/^roleplay\.activities\.2: no activity "cafe.nothing"/),
        expect.stringMatching(/^roleplay\.activities\.3: .*twice/),
      ]),
    );
  });

  it("has no script for a lesson without roleplay data", () => {
    const plain = { ...lesson, roleplay: undefined };
    expect(scriptOf(plain)).toBeUndefined();
    const result = core.begin(context(), "rp-x", plain, [ana, binh]);
    expect(result.ok).toBe(false);
  });
});

describe("roleplay turns", () => {
  it("cues the staff first, in their own language, and marks both avatars", () => {
    const { step } = begun();
    expect(of(step, "marker").map((m) => m.sessionId)).toEqual(["a", "b"]);
    expect(of(step, "record").map((r) => [r.sessionRowId, r.role, r.event.type])).toEqual([
      ["row-a", "customer", "roleplay_start"],
      ["row-b", "staff", "roleplay_start"],
    ]);
    const [cue] = messages(step, "b", "roleplay:cue");
    expect(cue).toMatchObject({ role: "staff", round: 1, index: 0, heard: "" });
    expect(cue!.task).toContain("Xin mời vào! Xin chào!");
    expect(messages(step, "a", "roleplay:cue")).toEqual([]);
    expect(viewOf(step.roleplay)).toMatchObject({ speaker: "b", speakerRole: "staff", customer: "a", staff: "b", round: 1, lines: [] });
  });

  it("only the speaker may answer, and only once at a time", () => {
    const { ctx, step } = begun();
    const early = core.answer(ctx, step.roleplay, "a", "안녕하세요");
    expect(messages(early, "a", "error")[0]).toMatchObject({ code: "roleplay_not_your_turn" });
    const asked = core.answer(ctx, step.roleplay, "b", "어서 오세요! 안녕하세요?");
    const twice = core.answer(ctx, asked.roleplay, "b", "어서 오세요");
    expect(messages(twice, "b", "error")[0]).toMatchObject({ code: "roleplay_busy" });
  });

  it("judges a right line, adds it to the dialogue and cues the partner with what was said", () => {
    const { ctx, step } = begun();
    const next = say(ctx, step.roleplay, "어서 오세요! 안녕하세요?");
    expect(messages(next, "b", "roleplay:feedback")[0]).toMatchObject({ pass: true, outcome: "advance", role: "staff", roleplayId: "rp-1" });
    expect(next.roleplay.lines).toEqual([{ role: "staff", name: "Bình", text: "어서 오세요! 안녕하세요?", by: "learner" }]);
    const [cue] = messages(next, "a", "roleplay:cue");
    expect(cue).toMatchObject({ role: "customer", heard: "어서 오세요! 안녕하세요?", heardTranslation: "Welcome! Hello!" });
    const [stored] = of(next, "record");
    expect(stored).toMatchObject({ sessionRowId: "row-b", role: "staff", event: { type: "evaluation", activityId: "cafe.greet", passFail: true } });
  });

  it("gives a wrong line private feedback in the speaker's language, lets them retry, then reveals the answer", () => {
    const { ctx, step } = begun();
    let roleplay = say(ctx, step.roleplay, "어서 오세요! 안녕하세요?").roleplay;
    const wrong = say(ctx, roleplay, "안녕");
    const [feedback] = messages(wrong, "a", "roleplay:feedback");
    expect(feedback).toMatchObject({ pass: false, outcome: "retry", errorType: "formality", attemptsLeft: MAX_ATTEMPTS - 1 });
    expect(messages(wrong, "b", "roleplay:feedback")).toEqual([]);
    expect(messages(wrong, "a", "roleplay:cue")[0]).toMatchObject({ attempt: 2 });
    roleplay = wrong.roleplay;
    const hinted = core.hint(ctx, roleplay, "a");
    expect(messages(hinted, "a", "roleplay:hint")[0]).toMatchObject({ ko: "안녕하세요", remaining: 1 });
    roleplay = say(ctx, hinted.roleplay, "안녕").roleplay;
    const last = say(ctx, roleplay, "안녕");
    expect(messages(last, "a", "roleplay:feedback")[0]).toMatchObject({ outcome: "reveal", answer: "안녕하세요" });
    expect(last.roleplay.lines.at(-1)).toEqual({ role: "customer", name: "Ana", text: "안녕하세요", by: "revealed" });
    expect(last.roleplay.index).toBe(2);
  });

  it("swaps the roles for the second round and ends with each player's own summary", () => {
    const { ctx, step } = begun();
    let roleplay = step.roleplay;
    let swapped: RoleplayStep | undefined;
    for (let i = 0; i < script.length; i += 1) {
      const next = say(ctx, roleplay, rightLine(roleplay));
      if (next.roleplay.round === 2 && !swapped) swapped = next;
      roleplay = next.roleplay;
    }
    expect(messages(swapped!, "a", "roleplay:notice")[0]).toMatchObject({ code: "round_two", message: expect.stringContaining("Barista") as string });
    expect(messages(swapped!, "b", "roleplay:notice")[0]).toMatchObject({ code: "round_two", message: expect.stringContaining("Khách hàng") as string });
    expect(messages(swapped!, "a", "roleplay:cue")[0]).toMatchObject({ role: "staff", round: 2, index: 0 });
    expect(viewOf(roleplay)).toMatchObject({ customer: "b", staff: "a", lines: [] });
    let done: RoleplayStep | undefined;
    for (let i = 0; i < script.length; i += 1) {
      done = say(ctx, roleplay, rightLine(roleplay));
      roleplay = done.roleplay;
    }
    expect(roleplay.finished).toBe(true);
    expect(messages(done!, "a", "roleplay:done")[0]).toMatchObject({ lines: 6, passed: 6, averageScore: 100, npcLines: 0 });
    expect(messages(done!, "b", "roleplay:done")[0]!.feedback).toMatch(/6/);
    expect(of(done!, "marker").map((m) => [m.sessionId, m.roleplayId])).toEqual([
      ["a", ""],
      ["b", ""],
    ]);
  });
});

describe("roleplay time and absence", () => {
  it("prompts a slow speaker, then the NPC says their line and the partner goes on", () => {
    const { ctx, step } = begun();
    ctx.clock.advance(TURN_NUDGE_MS - 1);
    expect(core.tick(ctx, step.roleplay).effects).toEqual([]);
    ctx.clock.advance(1);
    const nudged = core.tick(ctx, step.roleplay);
    expect(messages(nudged, "b", "roleplay:notice")[0]).toMatchObject({ code: "nudge", message: expect.stringContaining("Ana") as string });
    expect(core.tick(ctx, nudged.roleplay).effects).toEqual([]);
    ctx.clock.advance(TURN_LIMIT_MS - TURN_NUDGE_MS);
    const played = core.tick(ctx, nudged.roleplay);
    expect(messages(played, "b", "roleplay:notice")[0]).toMatchObject({ code: "npc_played" });
    expect(played.roleplay.lines).toEqual([{ role: "staff", name: "바리스타", text: "어서 오세요! 안녕하세요?", by: "npc" }]);
    expect(messages(played, "a", "roleplay:cue")[0]).toMatchObject({ role: "customer", heard: "어서 오세요! 안녕하세요?" });
    expect(of(played, "record")[0]).toMatchObject({ sessionRowId: "row-b", event: { type: "roleplay_npc_line" } });
  });

  it("does not time out an answer being judged", () => {
    const { ctx, step } = begun();
    const asked = core.answer(ctx, step.roleplay, "b", "어서 오세요");
    ctx.clock.advance(TURN_LIMIT_MS * 2);
    expect(core.tick(ctx, asked.roleplay).effects).toEqual([]);
  });

  it("a partner who leaves is replaced by the NPC for the rest of the roleplay", () => {
    const { ctx, step } = begun();
    let roleplay = say(ctx, step.roleplay, "어서 오세요! 안녕하세요?").roleplay;
    const left = core.leave(ctx, roleplay, "b");
    expect(messages(left, "a", "roleplay:notice")[0]).toMatchObject({ code: "partner_left", message: expect.stringContaining("Bình") as string });
    expect(of(left, "marker")).toEqual([{ kind: "marker", sessionId: "b", roleplayId: "" }]);
    roleplay = say(ctx, left.roleplay, "안녕하세요").roleplay;
    // The NPC said the staff's next line at once: it is Ana's turn again.
    expect(roleplay.lines.at(-1)).toMatchObject({ role: "staff", by: "npc" });
    expect(viewOf(roleplay)).toMatchObject({ speaker: "a", staff: "npc" });
    while (!roleplay.finished) roleplay = say(ctx, roleplay, rightLine(roleplay)).roleplay;
    expect(roleplay.tallies[0]).toMatchObject({ lines: 6, passed: 6, npcLines: 0 });
  });

  it("a dropped player's lines are said by the NPC until they are back", () => {
    const { ctx, step } = begun();
    const away = core.away(ctx, step.roleplay, "b");
    expect(messages(away, "a", "roleplay:notice")[0]).toMatchObject({ code: "partner_away" });
    expect(messages(away, "a", "roleplay:cue")[0]).toMatchObject({ role: "customer" });
    const returned = core.back(ctx, away.roleplay, "b");
    expect(messages(returned, "a", "roleplay:notice")[0]).toMatchObject({ code: "partner_back" });
    const next = say(ctx, returned.roleplay, "안녕하세요");
    expect(messages(next, "b", "roleplay:cue")[0]).toMatchObject({ role: "staff", activityId: "cafe.order" });
  });

  it("ends when nobody is left to play", () => {
    const { ctx, step } = begun();
    const first = core.leave(ctx, step.roleplay, "a");
    const second = core.away(ctx, first.roleplay, "b");
    expect(second.roleplay.finished).toBe(true);
    expect(core.answer(ctx, second.roleplay, "b", "네").effects.map((e) => e.kind)).toEqual(["send"]);
  });

  it("still counts an answer judged while its speaker left, without telling them", () => {
    const { ctx, step } = begun();
    const asked = core.answer(ctx, step.roleplay, "b", "어서 오세요! 안녕하세요?");
    const [evaluate] = of(asked, "evaluate");
    const left = core.leave(ctx, asked.roleplay, "b");
    expect(left.roleplay.lines).toEqual([]);
    const verdict = evaluateAnswer(evaluate!.activity, evaluate!.answer, lexicon);
    const judged = core.resolve(ctx, left.roleplay, evaluate!.turn, { kind: "evaluated", evaluation: { verdict, provider: "rules", modelId: null, evaluatorMs: 1 } });
    expect(judged.roleplay.lines).toEqual([{ role: "staff", name: "Bình", text: "어서 오세요! 안녕하세요?", by: "learner" }]);
    expect(of(judged, "record")[0]).toMatchObject({ sessionRowId: "row-b", event: { type: "evaluation", passFail: true } });
    expect(of(judged, "send").filter((e) => e.to === "b")).toEqual([]);
    expect(messages(judged, "a", "roleplay:cue")[0]).toMatchObject({ role: "customer" });
  });

  it("ignores a verdict for a turn that is over", () => {
    const { ctx, step } = begun();
    const asked = core.answer(ctx, step.roleplay, "b", "어서 오세요");
    const [evaluate] = of(asked, "evaluate");
    const left = core.leave(ctx, asked.roleplay, "b");
    const verdict = evaluateAnswer(evaluate!.activity, evaluate!.answer, lexicon);
    const late = core.resolve(ctx, left.roleplay, evaluate!.turn + 1, { kind: "evaluated", evaluation: { verdict, provider: "rules", modelId: null, evaluatorMs: 1 } });
    expect(late.effects).toEqual([]);
  });
});

describe("roleplay lobby", () => {
  const nobody = () => false;

  it("invites, accepts once, and frees both", () => {
    const made = lobby.invite(lobby.EMPTY_LOBBY, { id: "i1", from: "a", to: "b", lessonId: "cafe-order" }, 0, nobody);
    if (!made.ok) throw new Error(made.code);
    expect(lobby.invite(made.lobby, { id: "i2", from: "a", to: "c", lessonId: "cafe-order" }, 0, nobody)).toEqual({ ok: false, code: "roleplay_already" });
    expect(lobby.accept(made.lobby, "i1", "c", 0, nobody)).toEqual({ ok: false, code: "roleplay_invite_gone" });
    const accepted = lobby.accept(made.lobby, "i1", "b", 1, nobody);
    expect(accepted).toMatchObject({ ok: true, value: { from: "a", to: "b" } });
    if (accepted.ok) expect(accepted.lobby.invites).toEqual([]);
  });

  it("lets invitations lapse and refuses busy or self partners", () => {
    const made = lobby.invite(lobby.EMPTY_LOBBY, { id: "i1", from: "a", to: "b", lessonId: "cafe-order" }, 0, nobody);
    if (!made.ok) throw new Error(made.code);
    expect(lobby.accept(made.lobby, "i1", "b", lobby.INVITE_TTL_MS, nobody)).toEqual({ ok: false, code: "roleplay_invite_gone" });
    expect(lobby.expire(made.lobby, lobby.INVITE_TTL_MS).expired.map((i) => i.id)).toEqual(["i1"]);
    expect(lobby.invite(lobby.EMPTY_LOBBY, { id: "i3", from: "a", to: "a", lessonId: "x" }, 0, nobody)).toMatchObject({ ok: false });
    expect(lobby.invite(lobby.EMPTY_LOBBY, { id: "i4", from: "a", to: "b", lessonId: "x" }, 0, (s) => s === "b")).toEqual({ ok: false, code: "roleplay_partner_unavailable" });
  });

  it("pairs two learners who ask near the NPC; the first waiting plays the customer first", () => {
    const first = lobby.find(lobby.EMPTY_LOBBY, "a", "cafe-order", nobody);
    if (!first.ok) throw new Error(first.code);
    expect(first.value).toBeUndefined();
    const second = lobby.find(first.lobby, "b", "cafe-order", nobody);
    expect(second).toMatchObject({ ok: true, value: ["a", "b"] });
    if (second.ok) expect(second.lobby.waiting).toBeUndefined();
  });
});

it("every shipped lesson with a roleplay has a script of its dialogue activities", async () => {
  const shipped = await loadCatalog(path.resolve(CONTENT_DIR));
  const withRoleplay = [...shipped.lessons.values()].filter((l) => l.roleplay);
  expect(withRoleplay.map((l) => l.id).sort()).toEqual(["airport-checkin", "cafe-order"]);
  for (const l of withRoleplay) {
    const lines = scriptOf(l)!;
    expect(lines.length).toBe(l.roleplay!.activities.length * 2);
    // Every staff line, said as written, passes the evaluator (the customer's answers are content:check's).
    for (const line of lines.filter((each) => each.role === "staff")) {
      expect(evaluateAnswer(line.judgedAs, { text: line.source.tutor.text }, lexicon), line.source.id).toMatchObject({ pass: true });
    }
  }
});

it("fails a staff line that is not the line, as a repeat activity does", () => {
  const staff = script[2]!.judgedAs;
  expect(evaluateAnswer(staff, { text: "주문하시겠어요" }, lexicon).pass).toBe(true);
  expect(evaluateAnswer(staff, { text: "주문했어요" }, lexicon).pass).toBe(false);
  expect(evaluateAnswer(staff, { text: "order please" }, lexicon)).toMatchObject({ pass: false, errorType: "other" });
});
