import { z } from "zod";

/**
 * What an operator can do in a room, as data: it travels from the ops API to the room, on
 * whichever process the room lives (a Colyseus remote room call), and into the audit trail.
 */

const reason = z.string().trim().min(1, "say why (the learner is told)").max(200);
const sessionId = z.string().min(1).max(64).meta({ description: "The learner's room session id (the Live view's `sessionId`)." });

export const moderationActionSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("mute"), sessionId, reason, minutes: z.int().min(1).max(24 * 60).default(10) }),
  z.strictObject({ action: z.literal("unmute"), sessionId, reason }),
  z.strictObject({ action: z.literal("remove"), sessionId, reason, minutes: z.int().min(0).max(24 * 60).default(10) }),
  z.strictObject({ action: z.literal("lock"), reason }),
  z.strictObject({ action: z.literal("unlock"), reason }),
  z.strictObject({ action: z.literal("delete_chat"), messageId: z.uuid(), reason }),
]);

export type ModerationAction = z.output<typeof moderationActionSchema>;
export type ModerationActionName = ModerationAction["action"];

/** What a room made of an action. */
export type ModerationResult =
  | { ok: true; targetUserId: string | null }
  | { ok: false; error: "no_such_learner" | "no_such_message" };

/** A line of chat a room keeps so an operator can take it back. */
export interface ChatEntry {
  id: string;
  sessionId: string;
  userId: string;
  name: string;
  text: string;
  at: number;
}

/** Lines of chat a room remembers for the console. */
export const RECENT_CHAT = 50;

/**
 * A room's moderation state: who is muted or barred until when (by learner, so leaving and
 * coming back does not lift it), and its recent chat.
 */
export class RoomModeration {
  readonly #muted = new Map<string, number>();
  readonly #barred = new Map<string, number>();
  #chat: ChatEntry[] = [];

  mute(userId: string, until: number): void {
    this.#muted.set(userId, until);
  }

  unmute(userId: string): void {
    this.#muted.delete(userId);
  }

  /** Until when the learner is muted, or undefined when they are not (an expired mute is forgotten). */
  mutedUntil(userId: string, now: number): number | undefined {
    const until = this.#muted.get(userId);
    if (until !== undefined && until <= now) this.#muted.delete(userId);
    return until !== undefined && until > now ? until : undefined;
  }

  bar(userId: string, until: number): void {
    this.#barred.set(userId, until);
  }

  isBarred(userId: string, now: number): boolean {
    const until = this.#barred.get(userId);
    if (until !== undefined && until <= now) this.#barred.delete(userId);
    return until !== undefined && until > now;
  }

  remember(entry: ChatEntry): void {
    this.#chat = [...this.#chat, entry].slice(-RECENT_CHAT);
  }

  /** Takes a line out of the recent chat; undefined when the room does not have it (any more). */
  forget(messageId: string): ChatEntry | undefined {
    const entry = this.#chat.find((line) => line.id === messageId);
    if (entry) this.#chat = this.#chat.filter((line) => line !== entry);
    return entry;
  }

  recentChat(): readonly ChatEntry[] {
    return this.#chat;
  }
}

export const NOTICE_KEYS = ["muted", "unmuted", "removed", "chat_muted", "chat_blocked", "barred"] as const;
export type NoticeKey = (typeof NOTICE_KEYS)[number];

const inEveryLang = z.strictObject({ en: z.string().min(1), id: z.string().min(1), vi: z.string().min(1) });

/** content/moderation.yaml: what learners are told, in their language. */
export const moderationNoticesSchema = z.strictObject({
  notices: z.strictObject(Object.fromEntries(NOTICE_KEYS.map((key) => [key, inEveryLang])) as Record<NoticeKey, typeof inEveryLang>),
});

export type ModerationNotices = z.output<typeof moderationNoticesSchema>["notices"];
