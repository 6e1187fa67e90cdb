import type { Clock } from "../clock.ts";
import type { Answer } from "../evaluator/evaluateAnswer.ts";
import type { LanguagePack } from "../feedback/languagePack.ts";
import type { LearnerLang } from "../learners/learner.ts";
import type { Activity, DialogueActivity, Lesson, RepeatActivity, Role } from "../lessons/lesson.ts";
import type { ReviewItem } from "../review/reviewItem.ts";
import type { Evaluation, NpcChange, TutorEvent } from "../tutor/tutorSession.ts";
import type { RoleplayOutgoing } from "./roleplayMessages.ts";

/**
 * Two learners playing a lesson's dialogue, as plain data: one is the customer, the other the
 * staff member, and the NPC moderates. The operations in roleplayCore.ts take a roleplay and
 * return the next one with the effects to carry out (rooms/RoleplayAdapter.ts does that).
 */

/** How long a speaker has before the NPC prompts them, and before it says their line itself. */
export const TURN_NUDGE_MS = 30_000;
export const TURN_LIMIT_MS = 45_000;

/** here: playing; away: dropped, maybe back (the NPC plays their lines meanwhile); left: for good. */
export type PlayerStatus = "here" | "away" | "left";

export interface Player {
  readonly sessionId: string;
  readonly userId: string;
  readonly name: string;
  readonly lang: LearnerLang;
  /** The learning-session row their events belong to. */
  readonly sessionRowId: string;
  readonly status: PlayerStatus;
}

/** One line of the script: who says it, and the activity it is judged as. */
export interface ScriptLine {
  readonly role: Role;
  /** The lesson's dialogue activity this line comes from. */
  readonly source: DialogueActivity;
  /** Staff lines are judged as saying the tutor's line (a repeat); customer lines as the activity's answer. */
  readonly judgedAs: Activity;
}

/** What was said, for the dialogue both players see. */
export interface SaidLine {
  readonly role: Role;
  readonly name: string;
  readonly text: string;
  /** learner: their answer; revealed: the model answer after the last attempt; npc: the NPC stood in. */
  readonly by: "learner" | "revealed" | "npc";
}

export interface Tally {
  readonly lines: number;
  readonly passed: number;
  readonly scoreSum: number;
  /** Lines the NPC said for this player (time up, away, left). */
  readonly npcLines: number;
}

interface Evaluating {
  readonly answer: string;
  /** When the answer arrived, on the clock's monotonic scale. */
  readonly receivedAt: number;
}

export interface Roleplay {
  readonly id: string;
  readonly lesson: Lesson;
  readonly script: readonly ScriptLine[];
  /** players[0] is the customer in round 1 and the staff member in round 2. */
  readonly players: readonly [Player, Player];
  readonly round: 1 | 2;
  /** The script line being played. */
  readonly index: number;
  readonly attempts: number;
  readonly hints: number;
  /** Counts the evaluations begun: a result for an earlier one is ignored. */
  readonly turn: number;
  readonly evaluating?: Evaluating | undefined;
  /** Monotonic ms: when the NPC prompts the speaker, then says the line itself. */
  readonly nudgeAt: number;
  readonly deadline: number;
  /** The deadline as wall time (ms since the epoch), for clients' countdowns. */
  readonly deadlineAt: number;
  readonly lines: readonly SaidLine[];
  readonly tallies: readonly [Tally, Tally];
  readonly finished: boolean;
}

export type RoleplayEventType = "roleplay_start" | "roleplay_npc_line" | "roleplay_leave" | "roleplay_complete" | "evaluation" | "hint";

export interface RoleplayEvent extends Omit<TutorEvent, "type"> {
  type: RoleplayEventType;
}

export type RoleplayEffect =
  | { kind: "send"; to: string; message: RoleplayOutgoing }
  /** Store an event in the player's learning session, with the roleplay's id and the role they played. */
  | { kind: "record"; sessionRowId: string; role: Role; event: RoleplayEvent }
  /** Judge the answer with the tutor's evaluator; the result comes back through resolve() with this turn. */
  | { kind: "evaluate"; turn: number; player: Player; lesson: Lesson; activity: Activity; answer: Answer; role: Role }
  /** Save the player's review item for the line, through the durable write path like a solo turn's. */
  | { kind: "review"; item: ReviewItem }
  | { kind: "npc"; change: NpcChange }
  /** The marker over a player's avatar: the roleplay's id, or "" once they are out of it. */
  | { kind: "marker"; sessionId: string; roleplayId: string };

/**
 * The verdict, with the speaker's review items when this line makes and grades them (the
 * customer's, read beside the evaluation; absent when they could not be read).
 */
export type EvaluationOutcome = { kind: "evaluated"; evaluation: Evaluation; reviews?: readonly ReviewItem[] } | { kind: "failed" };

export interface RoleplayStep {
  roleplay: Roleplay;
  effects: RoleplayEffect[];
}

export interface RoleplayContext {
  readonly clock: Clock;
  pack(lang: LearnerLang): LanguagePack;
  /** The NPC's name, as it appears in what the moderator says. */
  readonly npcName: string;
  newId(): string;
}

/** The script of a lesson that has a roleplay: each activity gives the staff's line, then the customer's answer. */
export function scriptOf(lesson: Lesson): ScriptLine[] | undefined {
  const ids = lesson.roleplay?.activities;
  if (!ids) return undefined;
  const dialogues = lesson.stages.flatMap((stage) => stage.activities).filter((a): a is DialogueActivity => a.kind === "dialogue");
  return ids.flatMap((id) => {
    const source = dialogues.find((activity) => activity.id === id);
    // The lesson schema checks every id names a dialogue activity.
    if (!source) return [];
    return [
      { role: "staff" as const, source, judgedAs: staffLine(source) },
      { role: "customer" as const, source, judgedAs: source },
    ];
  });
}

/** The staff's turn: say the tutor's line; the hint is the line itself. */
function staffLine(source: DialogueActivity): RepeatActivity {
  const { text, translations } = source.tutor;
  return {
    id: source.id,
    kind: "repeat",
    difficulty: source.difficulty,
    tutor: source.tutor,
    task: translations,
    hints: [{ ko: text, en: text, id: text, vi: text }],
    politeness: "any",
    answers: [text],
    alternatives: [],
    passSimilarity: 0.85,
    mistakes: [],
  };
}

/** Who plays `role` in the current round. */
export function playerIndex(roleplay: Pick<Roleplay, "round">, role: Role): 0 | 1 {
  const first = role === "customer" ? 0 : 1;
  return (roleplay.round === 1 ? first : 1 - first) as 0 | 1;
}

export function roleOf(roleplay: Pick<Roleplay, "round">, index: 0 | 1): Role {
  return playerIndex(roleplay, "customer") === index ? "customer" : "staff";
}

export function currentLine(roleplay: Roleplay): ScriptLine | undefined {
  return roleplay.script[roleplay.index];
}

/** The player whose line it is, when the roleplay is still going. */
export function speakerIndex(roleplay: Roleplay): 0 | 1 | undefined {
  const line = currentLine(roleplay);
  return line && !roleplay.finished ? playerIndex(roleplay, line.role) : undefined;
}

export function indexOf(roleplay: Roleplay, sessionId: string): 0 | 1 | undefined {
  if (roleplay.players[0].sessionId === sessionId) return 0;
  if (roleplay.players[1].sessionId === sessionId) return 1;
  return undefined;
}

/** The shared roleplay both players see (schema/RoleplayState.ts), field by field. */
export interface RoleplayView {
  id: string;
  lessonId: string;
  lessonTitle: string;
  round: number;
  /** playing | evaluating | done */
  status: string;
  /** The speaker's session id, or "npc" when the NPC plays the line. */
  speaker: string;
  speakerRole: Role;
  index: number;
  total: number;
  customer: string;
  customerName: string;
  staff: string;
  staffName: string;
  deadlineAt: number;
  lines: SaidLine[];
}

export function viewOf(roleplay: Roleplay): RoleplayView {
  const line = currentLine(roleplay);
  const speaker = speakerIndex(roleplay);
  const customer = roleplay.players[playerIndex(roleplay, "customer")];
  const staff = roleplay.players[playerIndex(roleplay, "staff")];
  const seat = (player: Player) => (player.status === "here" ? player.sessionId : "npc");
  return {
    id: roleplay.id,
    lessonId: roleplay.lesson.id,
    lessonTitle: roleplay.lesson.title.ko,
    round: roleplay.round,
    status: roleplay.finished ? "done" : roleplay.evaluating ? "evaluating" : "playing",
    speaker: speaker === undefined ? "" : seat(roleplay.players[speaker]),
    speakerRole: line?.role ?? "customer",
    index: roleplay.index,
    total: roleplay.script.length,
    customer: seat(customer),
    customerName: customer.name,
    staff: seat(staff),
    staffName: staff.name,
    deadlineAt: roleplay.deadlineAt,
    lines: [...roleplay.lines],
  };
}
