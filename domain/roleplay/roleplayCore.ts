import type { Verdict } from "../evaluator/verdict.ts";
import { toJson } from "../json.ts";
import type { Lesson } from "../lessons/lesson.ts";
import { modelAnswer } from "../lessons/lesson.ts";
import { MAX_ATTEMPTS } from "../lessons/lessonEngine.ts";
import { afterTurn, type ReviewItem } from "../review/reviewItem.ts";
import { failedTurnOf } from "../tutor/tutorReview.ts";
import { feedbackPayload } from "../tutor/tutorMessages.ts";
import type { Evaluation } from "../tutor/tutorSession.ts";
import { RoleplayErrorCode, RoleplayNoticeCode } from "./roleplayMessages.ts";
import {
  currentLine,
  indexOf,
  scriptOf,
  speakerIndex,
  type EvaluationOutcome,
  type Player,
  type Roleplay,
  type RoleplayContext,
  type RoleplayStep,
} from "./roleplaySession.ts";
import { abandon, cue, errorMessage, npcSays, partnerOf, RoleplayBuilder, say } from "./roleplaySteps.ts";

/**
 * The NPC moderating two learners in a lesson's dialogue, as pure functions: each operation
 * takes the roleplay and returns the next one with the effects to carry out. Both players'
 * lines are judged by the tutor's evaluator (an `evaluate` effect whose result comes back
 * through resolve()); each gets their cue and feedback privately, in their own language.
 * Time is the context's clock: the adapter calls tick() and the roleplay decides what is due.
 */

export type BeginResult = { ok: true; step: RoleplayStep } | { ok: false; effects: RoleplayStep["effects"] };

/** Starts `lesson`'s roleplay; players[0] is the customer first. Without a script, the first player hears why. */
export function begin(ctx: RoleplayContext, id: string, lesson: Lesson, players: readonly [Omit<Player, "status">, Omit<Player, "status">]): BeginResult {
  const script = scriptOf(lesson);
  if (!script || script.length === 0) {
    const message = errorMessage(RoleplayErrorCode.NO_SCRIPT, ctx.pack(players[0].lang));
    return { ok: false, effects: [{ kind: "send", to: players[0].sessionId, message }] };
  }
  const roleplay: Roleplay = {
    id,
    lesson,
    script,
    players: [
      { ...players[0], status: "here" },
      { ...players[1], status: "here" },
    ],
    round: 1,
    index: 0,
    attempts: 0,
    hints: 0,
    turn: 0,
    nudgeAt: 0,
    deadline: 0,
    deadlineAt: 0,
    lines: [],
    tallies: [
      { lines: 0, passed: 0, scoreSum: 0, npcLines: 0 },
      { lines: 0, passed: 0, scoreSum: 0, npcLines: 0 },
    ],
    finished: false,
  };
  const b = new RoleplayBuilder(ctx, roleplay);
  for (const index of [0, 1] as const) {
    const partner = roleplay.players[partnerOf(index)];
    b.record(index, "roleplay_start", null, { metadata: { lessonId: lesson.id, partnerUserId: partner.userId, partnerLang: partner.lang } });
    b.emit({ kind: "marker", sessionId: roleplay.players[index].sessionId, roleplayId: id });
  }
  cue(b);
  return { ok: true, step: b.step() };
}

/** The speaker's line, typed. Anyone else is told to wait; a second answer while one is judged is refused. */
export function answer(ctx: RoleplayContext, roleplay: Roleplay, sessionId: string, text: string): RoleplayStep {
  const b = new RoleplayBuilder(ctx, roleplay);
  const index = speakerFor(b, sessionId);
  const line = currentLine(roleplay);
  if (index === undefined || !line) return b.step();
  if (roleplay.evaluating) {
    b.error(index, RoleplayErrorCode.BUSY);
    return b.step();
  }
  const turn = roleplay.turn + 1;
  b.update({ turn, evaluating: { answer: text, receivedAt: ctx.clock.monotonicMs() } });
  const player = roleplay.players[index];
  b.emit({ kind: "evaluate", turn, player, lesson: roleplay.lesson, activity: line.judgedAs, answer: { text }, role: line.role });
  return b.step();
}

/** The sender, if it is their line; otherwise they are told why not. */
function speakerFor(b: RoleplayBuilder, sessionId: string): 0 | 1 | undefined {
  const index = indexOf(b.roleplay, sessionId);
  if (index === undefined) return undefined;
  if (b.roleplay.finished || b.roleplay.players[index].status === "left") {
    b.error(index, RoleplayErrorCode.NOT_IN_ROLEPLAY);
    return undefined;
  }
  if (speakerIndex(b.roleplay) !== index) {
    b.error(index, RoleplayErrorCode.NOT_YOUR_TURN);
    return undefined;
  }
  return index;
}

/** The evaluator's verdict on the answer of `turn`; ignored when that turn is over. */
export function resolve(ctx: RoleplayContext, roleplay: Roleplay, turn: number, outcome: EvaluationOutcome): RoleplayStep {
  const b = new RoleplayBuilder(ctx, roleplay);
  const index = speakerIndex(roleplay);
  if (turn !== roleplay.turn || !roleplay.evaluating || index === undefined) return b.step();
  if (outcome.kind === "failed") {
    b.error(index, RoleplayErrorCode.UNAVAILABLE);
    cue(b);
    return b.step();
  }
  if (outcome.reviews) remember(b, index, outcome.reviews, outcome.evaluation.verdict);
  judged(b, index, outcome.evaluation);
  return b.step();
}

/**
 * The customer's answer is judged exactly as the solo activity, so it makes and grades review
 * items by the solo rule (afterTurn). The staff's line is a repeat of the tutor's line under
 * the same activity id: an item for it would be asked back as the customer's task, so it makes none.
 */
function remember(b: RoleplayBuilder, index: 0 | 1, reviews: readonly ReviewItem[], verdict: Verdict): void {
  const line = currentLine(b.roleplay);
  const wait = b.roleplay.evaluating;
  if (!line || !wait || line.role !== "customer") return;
  const { userId } = b.roleplay.players[index];
  const failed = verdict.pass ? undefined : failedTurnOf(userId, b.roleplay.lesson.id, line.source, wait.answer, verdict);
  const item = afterTurn(reviews, { activityId: line.source.id, pass: verdict.pass, score: verdict.score, failed }, b.ctx.clock.now(), () => b.ctx.newId());
  if (item) b.emit({ kind: "review", item });
}

function judged(b: RoleplayBuilder, index: 0 | 1, evaluation: Evaluation): void {
  const rp = b.roleplay;
  const line = currentLine(rp)!;
  const wait = rp.evaluating!;
  const attempts = rp.attempts + 1;
  const { verdict } = evaluation;
  const outcome = verdict.pass ? "advance" : attempts >= MAX_ATTEMPTS ? "reveal" : "retry";
  const latencyMs = Math.round(b.ctx.clock.monotonicMs() - wait.receivedAt);
  const answer = modelAnswer(line.judgedAs);
  const feedback = feedbackPayload(
    {
      activityId: line.source.id,
      verdict,
      outcome,
      attemptsLeft: Math.max(0, MAX_ATTEMPTS - attempts),
      provider: evaluation.provider,
      latencyMs,
      answer,
      llm: evaluation.feedback ? { text: evaluation.feedback, unmentioned: evaluation.unmentioned ?? [] } : undefined,
    },
    b.pack(index),
  );
  b.send(index, { type: "roleplay:feedback", payload: { ...feedback, roleplayId: rp.id, round: rp.round, role: line.role } });
  b.record(index, "evaluation", line.source.id, {
    userInput: wait.answer,
    tutorResponse: feedback.feedback,
    score: feedback.score,
    passFail: feedback.pass,
    primaryErrorType: feedback.errorType,
    provider: evaluation.provider,
    modelId: evaluation.modelId,
    latencyMs,
    detail: toJson({ ...verdict, fallbackReason: evaluation.fallbackReason ?? null }),
    metadata: { attempt: attempts, outcome, round: rp.round, evaluatorMs: Math.round(evaluation.evaluatorMs) },
  });
  b.update({ attempts });
  if (outcome === "retry") return cue(b);
  b.tally(index, { lines: 1, passed: verdict.pass ? 1 : 0, scoreSum: verdict.score });
  say(b, outcome === "advance" ? wait.answer.trim() : answer, outcome === "advance" ? "learner" : "revealed");
}

/** The speaker's next hint for their line. */
export function hint(context: RoleplayContext, roleplay: Roleplay, sessionId: string): RoleplayStep {
  const b = new RoleplayBuilder(context, roleplay);
  const index = speakerFor(b, sessionId);
  const line = currentLine(roleplay);
  if (index === undefined || !line) return b.step();
  const { lang } = roleplay.players[index];
  const next = line.judgedAs.hints[roleplay.hints];
  const remaining = Math.max(0, line.judgedAs.hints.length - roleplay.hints - 1);
  const text = next ? next[lang] : b.pack(index).ui["tutor.no_more_hints"];
  if (next) b.update({ hints: roleplay.hints + 1 });
  b.send(index, { type: "roleplay:hint", payload: { roleplayId: roleplay.id, activityId: line.source.id, ko: next?.ko ?? "", text, remaining } });
  b.record(index, "hint", line.source.id, { tutorResponse: text, metadata: { round: roleplay.round } });
  return b.step();
}

/** What is due by now: the NPC prompts a slow speaker, then says their line itself. */
export function tick(context: RoleplayContext, roleplay: Roleplay): RoleplayStep {
  const b = new RoleplayBuilder(context, roleplay);
  const index = speakerIndex(roleplay);
  if (index === undefined || roleplay.evaluating) return b.step();
  const now = context.clock.monotonicMs();
  if (now >= roleplay.deadline) {
    npcSays(b);
  } else if (now >= roleplay.nudgeAt) {
    b.update({ nudgeAt: roleplay.deadline });
    b.notice(index, RoleplayNoticeCode.NUDGE, "roleplay.nudge", { name: roleplay.players[partnerOf(index)].name });
    b.emit({ kind: "npc", change: { talkingTo: roleplay.players[index].sessionId, anim: "talk" } });
  }
  return b.step();
}

/** The player's connection dropped: the NPC plays their lines until they are back. */
export function away(context: RoleplayContext, roleplay: Roleplay, sessionId: string): RoleplayStep {
  return gone(context, roleplay, sessionId, "away");
}

/** The player left the roleplay (or the room) for good: the NPC plays their part to the end. */
export function leave(context: RoleplayContext, roleplay: Roleplay, sessionId: string): RoleplayStep {
  return gone(context, roleplay, sessionId, "left");
}

function gone(context: RoleplayContext, roleplay: Roleplay, sessionId: string, status: "away" | "left"): RoleplayStep {
  const b = new RoleplayBuilder(context, roleplay);
  const index = indexOf(roleplay, sessionId);
  if (index === undefined || roleplay.finished || roleplay.players[index].status === status || roleplay.players[index].status === "left") return b.step();
  if (status === "left") {
    b.record(index, "roleplay_leave", currentLine(roleplay)?.source.id ?? null, { metadata: { round: roleplay.round, index: roleplay.index } });
    b.emit({ kind: "marker", sessionId, roleplayId: "" });
  }
  b.updatePlayer(index, { status });
  const partner = partnerOf(index);
  if (b.roleplay.players[partner].status !== "here") {
    abandon(b);
    return b.step();
  }
  const left = status === "left";
  b.notice(partner, left ? RoleplayNoticeCode.PARTNER_LEFT : RoleplayNoticeCode.PARTNER_AWAY, left ? "roleplay.partner_left" : "roleplay.partner_away", {
    name: roleplay.players[index].name,
    npc: context.npcName,
  });
  // Their answer under evaluation still counts (its result is awaited); otherwise the NPC says their line now.
  if (speakerIndex(roleplay) === index && !roleplay.evaluating) npcSays(b);
  return b.step();
}

/** A dropped player is back: they take their part again, from their next line. */
export function back(context: RoleplayContext, roleplay: Roleplay, sessionId: string): RoleplayStep {
  const b = new RoleplayBuilder(context, roleplay);
  const index = indexOf(roleplay, sessionId);
  if (index === undefined || roleplay.finished || roleplay.players[index].status !== "away") return b.step();
  b.updatePlayer(index, { status: "here" });
  b.notice(partnerOf(index), RoleplayNoticeCode.PARTNER_BACK, "roleplay.partner_back", { name: roleplay.players[index].name });
  return b.step();
}
