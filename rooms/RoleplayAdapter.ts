import { randomUUID } from "node:crypto";
import type { Client } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import type { Catalog } from "../domain/catalog.ts";
import type { LearnerLang } from "../domain/learners/learner.ts";
import type { Lesson } from "../domain/lessons/lesson.ts";
import * as core from "../domain/roleplay/roleplayCore.ts";
import * as lobbyOps from "../domain/roleplay/roleplayLobby.ts";
import { RoleplayErrorCode, RoleplayNoticeCode, type RoleplayOutgoing } from "../domain/roleplay/roleplayMessages.ts";
import type { ReviewItem } from "../domain/review/reviewItem.ts";
import { roleOf, viewOf, type EvaluationOutcome, type Roleplay, type RoleplayContext, type RoleplayEffect, type RoleplayStep, type RoleplayView } from "../domain/roleplay/roleplaySession.ts";
import { errorMessage } from "../domain/roleplay/roleplaySteps.ts";
import { fill } from "../domain/feedback/languagePack.ts";
import { TALK_DISTANCE } from "../domain/scenes/layout.ts";
import type { Scene } from "../domain/scenes/scene.ts";
import { RoleplayLineState, RoleplayState } from "../schema/RoleplayState.ts";
import type { SceneState } from "../schema/SceneState.ts";
import type { UsageRecorder } from "../services/ai/usage/UsageRecorder.ts";
import type { Clock } from "../services/clock.ts";
import type { Logger } from "../services/logger.ts";
import type { ReviewStore } from "../services/review/ReviewStore.ts";
import type { TurnEvaluator } from "../services/tutor/TurnEvaluator.ts";
import type { WriteOp } from "../services/writes/writeOps.ts";
import { eventOp } from "./roleplayEvents.ts";
import { sendMessage } from "./send.ts";

export interface RoleplayDeps {
  scene: Scene;
  catalog: Catalog;
  evaluator: TurnEvaluator;
  usage: UsageRecorder;
  /** The speaker's review items, read beside the evaluation of a customer's line. */
  reviews: ReviewStore;
  writes: { enqueue(op: WriteOp): void; durable(): Promise<boolean> };
  clock: Clock;
  logger: Logger;
}

/** A learner in the room, as a roleplay needs them. */
export interface RoleplayMember {
  userId: string;
  name: string;
  lang: LearnerLang;
  sessionRowId: string;
}

/** What roleplays need from the room they live in. */
export interface RoleplayRoom {
  readonly state: SceneState;
  clientOf(sessionId: string): Client | undefined;
  memberOf(sessionId: string): RoleplayMember | undefined;
}

/** Learners within this distance of the NPC (metres) can ask to be paired: a little beyond the clients' talk circle. */
const NEAR_NPC = TALK_DISTANCE * 1.5;

/** Effects carried out at once; the rest of a step is shown once they are on local disk. */
const STORED: ReadonlySet<RoleplayEffect["kind"]> = new Set(["record", "review"]);

/** A roleplay under way, as the operator console lists it. */
export interface LiveRoleplay {
  id: string;
  lessonId: string;
  round: number;
  index: number;
  total: number;
  players: Array<{ userId: string; name: string; lang: LearnerLang; role: string; status: string }>;
}

interface Entry {
  roleplay: Roleplay;
  readonly view: RoleplayState;
  /** What the players are yet to see, once the writes before it are on disk; kept in order. */
  outbox: Promise<void> | undefined;
}

/**
 * Roleplays inside a scene room: the room's end of domain/roleplay. It keeps the lobby
 * (invitations, learners waiting near the NPC) and every roleplay under way, hands each
 * message to the core and carries out what it returns: messages to one player, the shared
 * state both players see, the markers over their avatars, stored events, evaluations. Time is
 * the injected clock: the room calls tick() and the core decides what is due.
 */
export class RoleplayAdapter {
  readonly #deps: RoleplayDeps;
  readonly #room: RoleplayRoom;
  readonly #ctx: RoleplayContext;
  readonly #entries = new Map<string, Entry>();
  readonly #bySession = new Map<string, string>();
  #lobby: lobbyOps.Lobby = lobbyOps.EMPTY_LOBBY;

  constructor(room: RoleplayRoom, deps: RoleplayDeps) {
    this.#room = room;
    this.#deps = deps;
    this.#ctx = { clock: deps.clock, pack: (lang) => deps.catalog.pack(lang), npcName: deps.scene.npc.name.ko, newId: randomUUID };
  }

  invite(from: string, to: string, lessonId: string | undefined): void {
    const lesson = this.#lessonFor(from, lessonId);
    if (!lesson) return;
    const target = this.#room.memberOf(to);
    const sender = this.#room.memberOf(from);
    if (!sender) return;
    if (!target) return this.#error(from, RoleplayErrorCode.PARTNER_UNAVAILABLE);
    const now = this.#deps.clock.monotonicMs();
    const made = lobbyOps.invite(this.#lobby, { id: randomUUID(), from, to, lessonId: lesson.id }, now, this.#playing);
    if (!made.ok) return this.#error(from, made.code);
    this.#lobby = made.lobby;
    const pack = this.#deps.catalog.pack(target.lang);
    const expiresAt = this.#deps.clock.now().getTime() + lobbyOps.INVITE_TTL_MS;
    const message = fill(pack.ui["roleplay.invited"], { name: sender.name, lesson: lesson.title.ko });
    const payload = { inviteId: made.value.id, fromSessionId: from, fromName: sender.name, lessonId: lesson.id, lessonTitle: lesson.title.ko, message, expiresAt };
    this.#send(to, { type: "roleplay:invited", payload });
  }

  accept(by: string, inviteId: string): void {
    const accepted = lobbyOps.accept(this.#lobby, inviteId, by, this.#deps.clock.monotonicMs(), this.#playing);
    if (!accepted.ok) return this.#error(by, accepted.code);
    this.#lobby = accepted.lobby;
    const lesson = this.#deps.catalog.lessons.get(accepted.value.lessonId);
    if (!lesson) return this.#error(by, RoleplayErrorCode.NO_SCRIPT);
    this.#begin(lesson, accepted.value.from, by);
  }

  decline(by: string, inviteId: string): void {
    const { lobby, declined } = lobbyOps.decline(this.#lobby, inviteId, by);
    this.#lobby = lobby;
    if (declined) this.#declined(declined.from, by);
  }

  /** A learner near the NPC asks for a partner: paired with one already waiting, or waiting. */
  find(sessionId: string, lessonId: string | undefined): void {
    const lesson = this.#lessonFor(sessionId, lessonId);
    if (!lesson) return;
    if (!this.#nearNpc(sessionId)) return this.#error(sessionId, RoleplayErrorCode.NOT_NEAR);
    const found = lobbyOps.find(this.#lobby, sessionId, lesson.id, this.#playing);
    if (!found.ok) return this.#error(sessionId, found.code);
    this.#lobby = found.lobby;
    if (found.value) return this.#begin(lesson, found.value[0], found.value[1]);
    const member = this.#room.memberOf(sessionId);
    if (!member) return;
    const message = fill(this.#deps.catalog.pack(member.lang).ui["roleplay.waiting"], { npc: this.#ctx.npcName });
    this.#send(sessionId, { type: "roleplay:notice", payload: { roleplayId: "", code: RoleplayNoticeCode.WAITING, message } });
  }

  answer(sessionId: string, text: string): void {
    if (!this.#bySession.has(sessionId)) return this.#error(sessionId, RoleplayErrorCode.NOT_IN_ROLEPLAY);
    this.#apply(sessionId, (roleplay) => core.answer(this.#ctx, roleplay, sessionId, text));
  }

  hint(sessionId: string): void {
    if (!this.#bySession.has(sessionId)) return this.#error(sessionId, RoleplayErrorCode.NOT_IN_ROLEPLAY);
    this.#apply(sessionId, (roleplay) => core.hint(this.#ctx, roleplay, sessionId));
  }

  /** The learner leaves the roleplay (or stops waiting for a partner); the NPC plays their part. */
  leave(sessionId: string): void {
    const waiting = this.#lobby.waiting?.sessionId === sessionId;
    this.#lobby = lobbyOps.forget(this.#lobby, sessionId);
    if (!this.#bySession.has(sessionId) && !waiting) return this.#error(sessionId, RoleplayErrorCode.NOT_IN_ROLEPLAY);
    this.#apply(sessionId, (roleplay) => core.leave(this.#ctx, roleplay, sessionId));
  }

  /** The learner's connection dropped; they may come back. */
  dropped(sessionId: string): void {
    this.#apply(sessionId, (roleplay) => core.away(this.#ctx, roleplay, sessionId));
  }

  reconnected(sessionId: string): void {
    const entry = this.#entryOf(sessionId);
    if (!entry) return;
    this.#showTo(sessionId, entry.view);
    this.#step(entry, core.back(this.#ctx, entry.roleplay, sessionId));
  }

  /** The learner left the room: out of the lobby and of their roleplay. */
  departed(sessionId: string): void {
    this.#lobby = lobbyOps.forget(this.#lobby, sessionId);
    this.#apply(sessionId, (roleplay) => core.leave(this.#ctx, roleplay, sessionId));
  }

  /** Called by the room every few hundred ms: lapsed invitations, slow speakers. */
  tick(): void {
    const { lobby, expired } = lobbyOps.expire(this.#lobby, this.#deps.clock.monotonicMs());
    this.#lobby = lobby;
    for (const invite of expired) this.#declined(invite.from, invite.to);
    for (const entry of [...this.#entries.values()]) this.#step(entry, core.tick(this.#ctx, entry.roleplay));
  }

  /** The roleplays under way in this room. */
  live(): LiveRoleplay[] {
    return [...this.#entries.values()].map(({ roleplay }) => ({
      id: roleplay.id,
      lessonId: roleplay.lesson.id,
      round: roleplay.round,
      index: roleplay.index,
      total: roleplay.script.length,
      players: roleplay.players.map((p, i) => ({ userId: p.userId, name: p.name, lang: p.lang, role: roleOf(roleplay, i as 0 | 1), status: p.status })),
    }));
  }

  readonly #playing = (sessionId: string): boolean => this.#bySession.has(sessionId);

  #nearNpc(sessionId: string): boolean {
    const avatar = this.#room.state.avatars.get(sessionId);
    const { npc } = this.#deps.scene;
    return !!avatar && Math.hypot(avatar.x - npc.x, avatar.y - npc.y) <= NEAR_NPC;
  }

  /** The lesson to play: the one named, else the scene's; it must be of this scene and have a script. */
  #lessonFor(sessionId: string, lessonId: string | undefined): Lesson | undefined {
    const lesson = this.#deps.catalog.lessons.get(lessonId ?? this.#deps.scene.lessonId ?? "");
    if (lesson && lesson.scene === this.#deps.scene.name && lesson.roleplay) return lesson;
    this.#error(sessionId, RoleplayErrorCode.NO_SCRIPT);
    return undefined;
  }

  #declined(inviter: string, invitee: string): void {
    const from = this.#room.memberOf(inviter);
    const to = this.#room.memberOf(invitee);
    if (!from) return;
    const message = fill(this.#deps.catalog.pack(from.lang).ui["roleplay.declined"], { name: to?.name ?? "" });
    this.#send(inviter, { type: "roleplay:notice", payload: { roleplayId: "", code: RoleplayNoticeCode.DECLINED, message } });
  }

  #begin(lesson: Lesson, customer: string, staff: string): void {
    const first = this.#room.memberOf(customer);
    const second = this.#room.memberOf(staff);
    if (!first || !second) return this.#error(first ? customer : staff, RoleplayErrorCode.PARTNER_UNAVAILABLE);
    const id = randomUUID();
    const begun = core.begin(this.#ctx, id, lesson, [
      { sessionId: customer, ...first },
      { sessionId: staff, ...second },
    ]);
    if (!begun.ok) {
      for (const effect of begun.effects) this.#carryOut(undefined, effect);
      return;
    }
    const entry: Entry = { roleplay: begun.step.roleplay, view: new RoleplayState(), outbox: undefined };
    this.#entries.set(id, entry);
    this.#bySession.set(customer, id);
    this.#bySession.set(staff, id);
    this.#room.state.roleplays.set(id, entry.view);
    this.#showTo(customer, entry.view);
    this.#showTo(staff, entry.view);
    this.#run(entry, begun.step);
  }

  #entryOf(sessionId: string): Entry | undefined {
    const id = this.#bySession.get(sessionId);
    return id === undefined ? undefined : this.#entries.get(id);
  }

  #apply(sessionId: string, operation: (roleplay: Roleplay) => RoleplayStep): void {
    const entry = this.#entryOf(sessionId);
    if (entry) this.#step(entry, operation(entry.roleplay));
  }

  #step(entry: Entry, step: RoleplayStep): void {
    if (step.roleplay === entry.roleplay && step.effects.length === 0) return;
    this.#run(entry, step);
  }

  /**
   * Stores at once; shows the players the rest of the step once its writes are on local disk
   * (as the tutor does: feedback someone saw is feedback that was kept). Later steps of the
   * same roleplay wait behind, so both players see everything in order.
   */
  #run(entry: Entry, step: RoleplayStep): void {
    entry.roleplay = step.roleplay;
    const view = viewOf(step.roleplay);
    const records = step.effects.filter((effect) => STORED.has(effect.kind));
    const shown = step.effects.filter((effect) => !STORED.has(effect.kind));
    for (const effect of records) this.#carryOut(entry, effect);
    // Players who left are out of the roleplay at once: no more of it reaches them.
    for (const player of step.roleplay.players) if (player.status === "left") this.#forgetPlayer(entry, player.sessionId);
    const finished = step.roleplay.finished;
    if (finished) this.#end(entry);
    const deliver = (): void => {
      this.#sync(entry.view, view);
      for (const effect of shown) this.#carryOut(entry, effect);
      if (finished && this.#room.state.roleplays.get(view.id) === entry.view) this.#room.state.roleplays.delete(view.id);
    };
    if (records.length === 0 && entry.outbox === undefined) return deliver();
    const outbox: Promise<void> = Promise.all([entry.outbox, records.length > 0 ? this.#deps.writes.durable() : undefined])
      .then(deliver)
      .catch((error: unknown) => this.#deps.logger.error({ err: error, roleplayId: entry.roleplay.id }, "roleplay step failed"))
      .then(() => {
        if (entry.outbox === outbox) entry.outbox = undefined;
      });
    entry.outbox = outbox;
  }

  #carryOut(entry: Entry | undefined, effect: RoleplayEffect): void {
    switch (effect.kind) {
      case "send":
        return this.#send(effect.to, effect.message);
      case "record":
        return this.#deps.writes.enqueue(eventOp(entry?.roleplay.id ?? null, effect));
      case "review":
        return this.#deps.writes.enqueue({ kind: "review.save", item: effect.item });
      case "npc":
        Object.assign(this.#room.state.npc, effect.change);
        return;
      case "marker": {
        const avatar = this.#room.state.avatars.get(effect.sessionId);
        if (avatar) avatar.roleplay = effect.roleplayId;
        return;
      }
      case "evaluate":
        if (entry) this.#evaluate(entry, effect);
        return;
    }
  }

  #evaluate(entry: Entry, effect: Extract<RoleplayEffect, { kind: "evaluate" }>): void {
    const { player } = effect;
    const request = { lesson: effect.lesson, activity: effect.activity, answer: effect.answer, lang: player.lang, userId: player.userId, sessionId: player.sessionRowId };
    const reviews = effect.role === "customer" ? this.#reviewsOf(player.userId) : undefined;
    Promise.all([new Promise<Awaited<ReturnType<TurnEvaluator["evaluate"]>>>((resolve) => resolve(this.#deps.evaluator.evaluate(request))), reviews])
      .then(
        ([evaluated, items]): EvaluationOutcome => {
          for (const call of evaluated.usage) this.#deps.usage.record({ ...call, eventId: null });
          return { kind: "evaluated", evaluation: evaluated, ...(items ? { reviews: items } : {}) };
        },
        (error: unknown): EvaluationOutcome => {
          this.#deps.logger.error({ err: error, userId: player.userId }, "roleplay evaluation failed");
          return { kind: "failed" };
        },
      )
      .then((outcome) => {
        if (this.#entries.get(entry.roleplay.id) === entry) this.#step(entry, core.resolve(this.#ctx, entry.roleplay, effect.turn, outcome));
      })
      .catch((error: unknown) => this.#deps.logger.error({ err: error, roleplayId: entry.roleplay.id }, "roleplay step failed"));
  }

  /** As in a lesson: items that cannot be read cost the learner their review item, not the turn. */
  #reviewsOf(userId: string): Promise<readonly ReviewItem[] | undefined> {
    return this.#deps.reviews.forLearner(userId).catch((error: unknown) => {
      this.#deps.logger.warn({ err: error, userId }, "review items could not be read for a roleplay line");
      return undefined;
    });
  }

  /** The roleplay is over: it leaves the state and both players are free again. */
  #end(entry: Entry): void {
    const { id, players } = entry.roleplay;
    this.#entries.delete(id);
    for (const player of players) this.#forgetPlayer(entry, player.sessionId);
  }

  #forgetPlayer(entry: Entry, sessionId: string): void {
    if (this.#bySession.get(sessionId) !== entry.roleplay.id) return;
    this.#bySession.delete(sessionId);
    this.#room.clientOf(sessionId)?.view?.remove(entry.view);
  }

  #showTo(sessionId: string, view: RoleplayState): void {
    const client = this.#room.clientOf(sessionId);
    if (!client) return;
    client.view ??= new StateView();
    client.view.add(view);
  }

  #send(sessionId: string, message: RoleplayOutgoing): void {
    const client = this.#room.clientOf(sessionId);
    if (client) sendMessage(client, message);
  }

  #error(sessionId: string, code: RoleplayErrorCode): void {
    const member = this.#room.memberOf(sessionId);
    if (member) this.#send(sessionId, errorMessage(code, this.#deps.catalog.pack(member.lang)));
  }

  #sync(state: RoleplayState, view: RoleplayView): void {
    const { lines, ...fields } = view;
    Object.assign(state, fields);
    if (lines.length < state.lines.length) state.lines.clear();
    for (const line of lines.slice(state.lines.length)) state.lines.push(new RoleplayLineState(line));
  }
}
