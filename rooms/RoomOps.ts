import { randomUUID } from "node:crypto";
import type { Client } from "@colyseus/core";
import { CHAT_MAX_LENGTH, sanitizeChat } from "../domain/chat.ts";
import type { LearnerLang } from "../domain/learners/learner.ts";
import { RoomModeration, type ChatEntry, type ModerationAction, type ModerationNotices, type ModerationResult } from "../domain/ops/moderation.ts";
import type { SceneState } from "../schema/SceneState.ts";
import type { Logger } from "../services/logger.ts";
import type { ChatFilter } from "../services/moderation/ChatFilter.ts";
import type { WriteQueue } from "../services/writes/WriteQueue.ts";
import { CloseCode, ErrorCode, ModerationCode, type ServerMessages } from "./protocol.ts";
import { send } from "./send.ts";

/** What RoomOps needs of its room. */
export interface OpsRoom {
  readonly roomId: string;
  readonly scene: string;
  readonly state: SceneState;
  isLocked(): boolean;
  now(): number;
  setTimeout(run: () => void, ms: number): { clear(): void };
  clientOf(sessionId: string): Client | undefined;
  learnerOf(sessionId: string): { userId: string; name: string; lang: LearnerLang; sessionRowId: string } | undefined;
  /** The learner's avatar, lesson and seat go (as when they leave). */
  release(sessionId: string, endReason: string): void;
  setLocked(locked: boolean): Promise<void>;
  broadcast<K extends keyof ServerMessages>(type: K, payload: ServerMessages[K]): void;
}

export interface OpsDeps {
  chatFilter: ChatFilter;
  notices: ModerationNotices;
  writes: WriteQueue;
  logger: Logger;
}

/** A learner as the operator console's Live view shows them. */
export interface LiveLearner {
  sessionId: string;
  userId: string;
  name: string;
  lang: LearnerLang;
  connected: boolean;
  mutedUntil: number | null;
  lesson: {
    lessonId: string;
    stageId: string;
    activityId: string;
    kind: string;
    index: number;
    total: number;
    status: string;
    attempts: number;
    lastScore: number | null;
    lastPass: boolean | null;
    lastErrorType: string;
    lastFeedback: string;
    lastCorrection: string;
  } | null;
}

export interface RoomSnapshot {
  roomId: string;
  scene: string;
  locked: boolean;
  npcTalkingTo: { sessionId: string; name: string } | null;
  learners: LiveLearner[];
  recentChat: ChatEntry[];
}

const CHAT_BUBBLE_MS = 6_000;
const MINUTE_MS = 60_000;
const REMOVED_MESSAGE = "An operator removed you from this room.";

/**
 * A room's chat and its moderation: every line goes through the mute list and the abuse
 * filter before the others see it; operators mute, remove, lock and take lines back through
 * `moderate`, which a Colyseus remote room call reaches from any process.
 */
export class RoomOps {
  readonly #room: OpsRoom;
  readonly #deps: OpsDeps;
  readonly #moderation = new RoomModeration();
  readonly #bubbles = new Map<string, { clear(): void }>();

  constructor(room: OpsRoom, deps: OpsDeps) {
    this.#room = room;
    this.#deps = deps;
  }

  /** Whether a learner removed by an operator is still kept out (refused at join). */
  isBarred(userId: string): boolean {
    return this.#moderation.isBarred(userId, this.#room.now());
  }

  barredMessage(lang: LearnerLang): string {
    return this.#deps.notices.barred[lang];
  }

  chat(client: Client, raw: string): void {
    const learner = this.#room.learnerOf(client.sessionId);
    const avatar = this.#room.state.avatars.get(client.sessionId);
    if (!learner || !avatar) return;
    const result = sanitizeChat(raw);
    if (!result.ok) {
      const tooLong = result.reason === "too_long";
      const code = tooLong ? ErrorCode.CHAT_TOO_LONG : ErrorCode.CHAT_EMPTY;
      send(client, "error", { code, message: tooLong ? `Chat messages are limited to ${CHAT_MAX_LENGTH} characters.` : "Chat message is empty." });
      return;
    }
    if (this.#moderation.mutedUntil(learner.userId, this.#room.now()) !== undefined) {
      send(client, "error", { code: ErrorCode.CHAT_MUTED, message: this.#deps.notices.chat_muted[learner.lang] });
      return;
    }
    const verdict = this.#deps.chatFilter.check(result.text);
    if (!verdict.ok) {
      this.#blocked(learner, result.text, verdict.matched);
      send(client, "error", { code: ErrorCode.CHAT_BLOCKED, message: this.#deps.notices.chat_blocked[learner.lang] });
      return;
    }
    const entry: ChatEntry = { id: randomUUID(), sessionId: client.sessionId, userId: learner.userId, name: avatar.name, text: result.text, at: this.#room.now() };
    this.#moderation.remember(entry);
    avatar.chat = result.text;
    this.#bubbles.get(client.sessionId)?.clear();
    this.#bubbles.set(client.sessionId, this.#room.setTimeout(() => {
      if (avatar.chat === result.text) avatar.chat = "";
    }, CHAT_BUBBLE_MS));
    this.#room.broadcast("chat", { id: entry.id, sessionId: entry.sessionId, name: entry.name, text: entry.text, at: entry.at });
  }

  /** The filter's decision, logged and stored (chat_filter_decisions) for review. */
  #blocked(learner: { userId: string; sessionRowId: string }, text: string, matched: string[]): void {
    const { roomId } = this.#room;
    this.#deps.logger.info({ roomId, userId: learner.userId, matched }, "chat line held back by the abuse filter");
    this.#deps.writes.enqueue({
      kind: "chat.filter",
      id: randomUUID(),
      sessionId: learner.sessionRowId,
      userId: learner.userId,
      roomId,
      text,
      decision: "blocked",
      matched,
      createdAt: new Date(this.#room.now()).toISOString(),
    });
  }

  /** The learner left: their bubble timer goes. */
  leave(sessionId: string): void {
    this.#bubbles.get(sessionId)?.clear();
    this.#bubbles.delete(sessionId);
  }

  async moderate(action: ModerationAction): Promise<ModerationResult> {
    switch (action.action) {
      case "lock":
      case "unlock":
        await this.#room.setLocked(action.action === "lock");
        return { ok: true, targetUserId: null };
      case "delete_chat":
        return this.#deleteChat(action.messageId);
      default:
        return this.#toLearner(action);
    }
  }

  #toLearner(action: Extract<ModerationAction, { sessionId: string }>): ModerationResult {
    const learner = this.#room.learnerOf(action.sessionId);
    if (!learner) return { ok: false, error: "no_such_learner" };
    const client = this.#room.clientOf(action.sessionId);
    const { notices } = this.#deps;
    const now = this.#room.now();
    if (action.action === "mute") {
      const until = now + action.minutes * MINUTE_MS;
      this.#moderation.mute(learner.userId, until);
      if (client) send(client, "moderation", { code: ModerationCode.MUTED, message: notices.muted[learner.lang], reason: action.reason, until });
    } else if (action.action === "unmute") {
      this.#moderation.unmute(learner.userId);
      if (client) send(client, "moderation", { code: ModerationCode.UNMUTED, message: notices.unmuted[learner.lang], reason: action.reason });
    } else {
      if (action.minutes > 0) this.#moderation.bar(learner.userId, now + action.minutes * MINUTE_MS);
      if (client) {
        send(client, "moderation", { code: ModerationCode.REMOVED, message: notices.removed[learner.lang], reason: action.reason });
        client.leave(CloseCode.REMOVED, REMOVED_MESSAGE);
      }
      this.#room.release(action.sessionId, "removed");
    }
    return { ok: true, targetUserId: learner.userId };
  }

  #deleteChat(messageId: string): ModerationResult {
    const entry = this.#moderation.forget(messageId);
    if (!entry) return { ok: false, error: "no_such_message" };
    const avatar = this.#room.state.avatars.get(entry.sessionId);
    if (avatar && avatar.chat === entry.text) avatar.chat = "";
    this.#room.broadcast("chat:removed", { id: messageId });
    return { ok: true, targetUserId: entry.userId };
  }

  snapshot(): RoomSnapshot {
    const { state } = this.#room;
    const now = this.#room.now();
    const learners: LiveLearner[] = [];
    state.avatars.forEach((avatar, sessionId) => {
      const learner = this.#room.learnerOf(sessionId);
      if (!learner) return;
      const lesson = state.lessons.get(sessionId);
      learners.push({
        sessionId,
        userId: learner.userId,
        name: avatar.name,
        lang: learner.lang,
        connected: avatar.connected,
        mutedUntil: this.#moderation.mutedUntil(learner.userId, now) ?? null,
        lesson: lesson && lesson.lessonId
          ? {
              lessonId: lesson.lessonId, stageId: lesson.stageId, activityId: lesson.activityId, kind: lesson.kind,
              index: lesson.index, total: lesson.total, status: lesson.status, attempts: lesson.attempts,
              lastScore: lesson.lastScore < 0 ? null : lesson.lastScore, lastPass: lesson.lastScore < 0 ? null : lesson.lastPass,
              lastErrorType: lesson.lastErrorType, lastFeedback: lesson.lastFeedback, lastCorrection: lesson.lastCorrection,
            }
          : null,
      });
    });
    const talking = state.npc.talkingTo;
    const npcTalkingTo = talking ? { sessionId: talking, name: state.avatars.get(talking)?.name ?? "" } : null;
    return { roomId: this.#room.roomId, scene: this.#room.scene, locked: this.#room.isLocked(), npcTalkingTo, learners, recentChat: [...this.#moderation.recentChat()] };
  }
}
