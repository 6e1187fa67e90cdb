import type { Role } from "../lessons/lesson.ts";
import type { TutorFeedback, TutorHint } from "../tutor/tutorMessages.ts";

/** Server -> player roleplay payloads (docs/protocol.md, "Roleplay"); rooms/protocol.ts maps them to message names. */

/** Sent to the speaker only: their line to say, in their language. */
export interface RoleplayCue {
  roleplayId: string;
  round: number;
  role: Role;
  /** The role's name in Korean and in the speaker's language. */
  roleName: string;
  roleNameKo: string;
  activityId: string;
  /** Script line, 0-based, and the lines per round. */
  index: number;
  total: number;
  /** What the partner just said ("" at the first line of a round), and what the script's line means. */
  heard: string;
  heardTranslation: string;
  /** What to say, in the speaker's language. */
  task: string;
  attempt: number;
  maxAttempts: number;
  hints: number;
  /** Wall time (ms since the epoch) when the NPC says the line instead. */
  deadlineAt: number;
}

/** The speaker's private feedback on a line: the tutor's payload with the roleplay it belongs to. */
export interface RoleplayFeedback extends TutorFeedback {
  roleplayId: string;
  round: number;
  role: Role;
}

export interface RoleplayHint extends TutorHint {
  roleplayId: string;
}

export const RoleplayNoticeCode = {
  /** The inviter: the other learner declined or could not play. */
  DECLINED: "declined",
  /** Waiting for a second learner near the NPC. */
  WAITING: "waiting",
  /** The speaker is taking long: the NPC prompts them. */
  NUDGE: "nudge",
  /** Time was up: the NPC said the speaker's line. */
  NPC_PLAYED: "npc_played",
  PARTNER_AWAY: "partner_away",
  PARTNER_BACK: "partner_back",
  /** The partner left: the NPC plays their part to the end. */
  PARTNER_LEFT: "partner_left",
  ROUND_TWO: "round_two",
} as const;
export type RoleplayNoticeCode = (typeof RoleplayNoticeCode)[keyof typeof RoleplayNoticeCode];

export interface RoleplayNotice {
  roleplayId: string;
  code: RoleplayNoticeCode;
  /** In the learner's language. */
  message: string;
}

/** To the invited learner. */
export interface RoleplayInvited {
  inviteId: string;
  fromSessionId: string;
  fromName: string;
  lessonId: string;
  lessonTitle: string;
  message: string;
  /** Wall time (ms since the epoch) when the invitation lapses. */
  expiresAt: number;
}

/** To each player at the end: how their lines went. */
export interface RoleplayDone {
  roleplayId: string;
  lessonId: string;
  lines: number;
  passed: number;
  averageScore: number;
  npcLines: number;
  feedback: string;
}

export const RoleplayErrorCode = {
  NOT_IN_ROLEPLAY: "roleplay_not_in",
  NOT_YOUR_TURN: "roleplay_not_your_turn",
  ALREADY: "roleplay_already",
  PARTNER_UNAVAILABLE: "roleplay_partner_unavailable",
  NO_SCRIPT: "roleplay_no_script",
  INVITE_GONE: "roleplay_invite_gone",
  NOT_NEAR: "roleplay_not_near",
  BUSY: "roleplay_busy",
  UNAVAILABLE: "roleplay_unavailable",
} as const;
export type RoleplayErrorCode = (typeof RoleplayErrorCode)[keyof typeof RoleplayErrorCode];

export interface RoleplayError {
  code: RoleplayErrorCode;
  message: string;
}

export type RoleplayOutgoing =
  | { type: "roleplay:cue"; payload: RoleplayCue }
  | { type: "roleplay:feedback"; payload: RoleplayFeedback }
  | { type: "roleplay:hint"; payload: RoleplayHint }
  | { type: "roleplay:notice"; payload: RoleplayNotice }
  | { type: "roleplay:invited"; payload: RoleplayInvited }
  | { type: "roleplay:done"; payload: RoleplayDone }
  | { type: "error"; payload: RoleplayError };
