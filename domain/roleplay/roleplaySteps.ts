import { composeRoleplayDone } from "../feedback/composeFeedback.ts";
import { fill, type LanguagePack, type UiKey } from "../feedback/languagePack.ts";
import { modelAnswer } from "../lessons/lesson.ts";
import { MAX_ATTEMPTS } from "../lessons/lessonEngine.ts";
import { RoleplayErrorCode, RoleplayNoticeCode, type RoleplayOutgoing } from "./roleplayMessages.ts";
import {
  currentLine,
  roleOf,
  speakerIndex,
  TURN_LIMIT_MS,
  TURN_NUDGE_MS,
  type Player,
  type Roleplay,
  type RoleplayContext,
  type RoleplayEffect,
  type RoleplayEvent,
  type RoleplayStep,
  type SaidLine,
  type Tally,
} from "./roleplaySession.ts";

/** The language-pack text of each roleplay error. */
const ERROR_TEXT: Readonly<Record<RoleplayErrorCode, UiKey>> = {
  [RoleplayErrorCode.NOT_IN_ROLEPLAY]: "roleplay.not_in_roleplay",
  [RoleplayErrorCode.NOT_YOUR_TURN]: "roleplay.not_your_turn",
  [RoleplayErrorCode.ALREADY]: "roleplay.already",
  [RoleplayErrorCode.PARTNER_UNAVAILABLE]: "roleplay.partner_unavailable",
  [RoleplayErrorCode.NO_SCRIPT]: "roleplay.no_script",
  [RoleplayErrorCode.INVITE_GONE]: "roleplay.invite_gone",
  [RoleplayErrorCode.NOT_NEAR]: "roleplay.not_near",
  [RoleplayErrorCode.BUSY]: "tutor.busy",
  [RoleplayErrorCode.UNAVAILABLE]: "tutor.unavailable",
};

export function errorMessage(code: RoleplayErrorCode, pack: LanguagePack): RoleplayOutgoing {
  return { type: "error", payload: { code, message: pack.ui[ERROR_TEXT[code]] } };
}

/** Builds one step: the next roleplay and its effects, in order. The roleplay handed in is never changed. */
export class RoleplayBuilder {
  readonly ctx: RoleplayContext;
  readonly #effects: RoleplayEffect[] = [];
  #roleplay: Roleplay;

  constructor(ctx: RoleplayContext, roleplay: Roleplay) {
    this.ctx = ctx;
    this.#roleplay = roleplay;
  }

  get roleplay(): Roleplay {
    return this.#roleplay;
  }

  update(changes: Partial<Omit<Roleplay, "id" | "lesson" | "script">>): void {
    this.#roleplay = { ...this.#roleplay, ...changes };
  }

  updatePlayer(index: 0 | 1, changes: Partial<Pick<Player, "status">>): void {
    const players = [...this.#roleplay.players] as [Player, Player];
    players[index] = { ...players[index], ...changes };
    this.update({ players });
  }

  tally(index: 0 | 1, add: Partial<Tally>): void {
    const tallies = [...this.#roleplay.tallies] as [Tally, Tally];
    const now = tallies[index];
    tallies[index] = {
      lines: now.lines + (add.lines ?? 0),
      passed: now.passed + (add.passed ?? 0),
      scoreSum: now.scoreSum + (add.scoreSum ?? 0),
      npcLines: now.npcLines + (add.npcLines ?? 0),
    };
    this.update({ tallies });
  }

  emit(effect: RoleplayEffect): void {
    this.#effects.push(effect);
  }

  /** To a player who is still in the roleplay (the adapter drops it if they are not connected). */
  send(index: 0 | 1, message: RoleplayOutgoing): void {
    const player = this.#roleplay.players[index];
    if (player.status !== "left") this.emit({ kind: "send", to: player.sessionId, message });
  }

  notice(index: 0 | 1, code: RoleplayNoticeCode, key: UiKey, values: Readonly<Record<string, string | number>> = {}): void {
    const message = fill(this.pack(index).ui[key], values);
    this.send(index, { type: "roleplay:notice", payload: { roleplayId: this.#roleplay.id, code, message } });
  }

  error(index: 0 | 1, code: RoleplayErrorCode): void {
    this.send(index, errorMessage(code, this.pack(index)));
  }

  pack(index: 0 | 1): LanguagePack {
    return this.ctx.pack(this.#roleplay.players[index].lang);
  }

  /** Stores an event in the player's session with their role this round; returns its id. */
  record(index: 0 | 1, type: RoleplayEvent["type"], activityId: string | null, details: Omit<RoleplayEvent, "id" | "type" | "activityId" | "at"> = {}): string {
    const id = this.ctx.newId();
    const rp = this.#roleplay;
    const at = this.ctx.clock.now().toISOString();
    const event: RoleplayEvent = { id, type, activityId, at, ...details };
    this.emit({ kind: "record", sessionRowId: rp.players[index].sessionRowId, role: roleOf(rp, index), event });
    return id;
  }

  step(): RoleplayStep {
    return { roleplay: this.#roleplay, effects: this.#effects };
  }
}

export function partnerOf(index: 0 | 1): 0 | 1 {
  return index === 0 ? 1 : 0;
}

/** Gives the speaker their cue with a fresh time limit; a speaker who is not here has the NPC say it. */
export function cue(b: RoleplayBuilder): void {
  const rp = b.roleplay;
  const line = currentLine(rp);
  const index = speakerIndex(rp);
  if (!line || index === undefined) return;
  const speaker = rp.players[index];
  if (speaker.status !== "here") {
    npcSays(b);
    return;
  }
  const now = b.ctx.clock.monotonicMs();
  const deadlineAt = b.ctx.clock.now().getTime() + TURN_LIMIT_MS;
  b.update({ evaluating: undefined, nudgeAt: now + TURN_NUDGE_MS, deadline: now + TURN_LIMIT_MS, deadlineAt });
  const { lang } = speaker;
  const roles = rp.lesson.roleplay!.roles;
  const heard = rp.lines.at(-1)?.text ?? "";
  const pack = b.pack(index);
  const task =
    line.role === "staff"
      ? fill(pack.ui["roleplay.staff_task"], { role: roles.staff[lang], meaning: line.source.tutor.translations[lang] })
      : fill(pack.ui["roleplay.customer_task"], { role: roles.customer[lang], task: line.source.task[lang] });
  b.send(index, {
    type: "roleplay:cue",
    payload: {
      roleplayId: rp.id,
      round: rp.round,
      role: line.role,
      roleName: roles[line.role][lang],
      roleNameKo: roles[line.role].ko,
      activityId: line.source.id,
      index: rp.index,
      total: rp.script.length,
      heard,
      heardTranslation: line.role === "customer" && heard ? line.source.tutor.translations[lang] : "",
      task,
      attempt: rp.attempts + 1,
      maxAttempts: MAX_ATTEMPTS,
      hints: line.judgedAs.hints.length,
      deadlineAt,
    },
  });
  b.emit({ kind: "npc", change: { talkingTo: speaker.sessionId, anim: "listen" } });
}

/** The line is said: it joins the dialogue and the next line is cued. */
export function say(b: RoleplayBuilder, text: string, by: SaidLine["by"]): void {
  const rp = b.roleplay;
  const line = currentLine(rp);
  const index = speakerIndex(rp);
  if (!line || index === undefined) return;
  const name = by === "npc" ? b.ctx.npcName : rp.players[index].name;
  b.update({ lines: [...rp.lines, { role: line.role, name, text, by }], evaluating: undefined });
  if (by === "npc") b.emit({ kind: "npc", change: { line: text, anim: "talk" } });
  advance(b);
}

/** The NPC says the speaker's line (time up, away, or gone). */
export function npcSays(b: RoleplayBuilder): void {
  const rp = b.roleplay;
  const line = currentLine(rp);
  const index = speakerIndex(rp);
  if (!line || index === undefined) return;
  const speaker = rp.players[index];
  b.tally(index, { lines: 1, npcLines: 1 });
  if (speaker.status === "here") b.notice(index, RoleplayNoticeCode.NPC_PLAYED, "roleplay.npc_played", { npc: b.ctx.npcName });
  if (speaker.status !== "left") b.record(index, "roleplay_npc_line", line.source.id, { tutorResponse: modelAnswer(line.judgedAs), metadata: { round: rp.round, reason: speaker.status === "here" ? "time" : "away" } });
  say(b, modelAnswer(line.judgedAs), "npc");
}

function advance(b: RoleplayBuilder): void {
  const rp = b.roleplay;
  b.update({ index: rp.index + 1, attempts: 0, hints: 0 });
  if (b.roleplay.index < rp.script.length) return cue(b);
  if (rp.round === 2) return finish(b);
  b.update({ round: 2, index: 0, lines: [] });
  for (const index of [0, 1] as const) {
    const role = roleOf(b.roleplay, index);
    b.notice(index, RoleplayNoticeCode.ROUND_TWO, "roleplay.round_two", { role: rp.lesson.roleplay!.roles[role][rp.players[index].lang] });
  }
  cue(b);
}

/** Both rounds played: each player still in it hears how their lines went. */
export function finish(b: RoleplayBuilder): void {
  const rp = b.roleplay;
  b.update({ finished: true, evaluating: undefined });
  for (const index of [0, 1] as const) {
    const player = rp.players[index];
    if (player.status === "left") continue;
    const tally = rp.tallies[index];
    const spoken = tally.lines - tally.npcLines;
    const summary = { lines: tally.lines, passed: tally.passed, averageScore: spoken > 0 ? Math.round(tally.scoreSum / spoken) : 0, npcLines: tally.npcLines };
    const feedback = composeRoleplayDone(summary, b.pack(index));
    b.send(index, { type: "roleplay:done", payload: { roleplayId: rp.id, lessonId: rp.lesson.id, ...summary, feedback } });
    b.record(index, "roleplay_complete", null, { tutorResponse: feedback, score: summary.averageScore, metadata: { ...summary } });
    b.emit({ kind: "marker", sessionId: player.sessionId, roleplayId: "" });
  }
  b.emit({ kind: "npc", change: { talkingTo: "", anim: "nod" } });
}

/** Nobody is left to play with: the roleplay ends without a summary. */
export function abandon(b: RoleplayBuilder): void {
  b.update({ finished: true, evaluating: undefined });
  for (const player of b.roleplay.players) b.emit({ kind: "marker", sessionId: player.sessionId, roleplayId: "" });
}
