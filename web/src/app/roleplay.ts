import { RoleplayErrorCode, type RoleplayCue, type RoleplayDone, type RoleplayFeedback, type RoleplayHint, type RoleplayInvited } from "../../../domain/roleplay/roleplayMessages.ts";
import type { Role } from "../../../domain/lessons/lesson.ts";
import type { RoleplayView } from "../../../domain/roleplay/roleplaySession.ts";
import type { SceneRoom, SceneSession } from "../net/session.ts";
import type { AppState } from "./state.ts";
import type { Store } from "./store.ts";

/**
 * Roleplay with another learner (docs/together.md), as the learner drives it: the people
 * menu's invitations, the invitations they receive, and the dialogue panel. The shared
 * dialogue comes from the room state (`roleplays`, only this learner's roleplay); cues,
 * feedback, hints and notices are messages to this learner alone.
 */

export type RoleplayDialogue = Pick<RoleplayView, "id" | "round" | "speaker" | "speakerRole" | "customer" | "staff" | "customerName" | "staffName" | "lines">;

export interface RoleplayUi {
  menuOpen: boolean;
  /** Invitations to this learner, newest last. */
  invites: RoleplayInvited[];
  /** Whom this learner invited, while the invitation is open. */
  inviting: string | undefined;
  /** The shared roleplay while this learner plays. */
  dialogue: RoleplayDialogue | undefined;
  cue: RoleplayCue | undefined;
  feedback: RoleplayFeedback | undefined;
  hints: RoleplayHint[];
  /** The moderator's last notice or refusal, in the learner's language. */
  notice: string | undefined;
  /** An answer is being judged. */
  waiting: boolean;
  done: RoleplayDone | undefined;
}

export function freshRoleplay(): RoleplayUi {
  return { menuOpen: false, invites: [], inviting: undefined, dialogue: undefined, cue: undefined, feedback: undefined, hints: [], notice: undefined, waiting: false, done: undefined };
}

const ROLEPLAY_CODES = new Set<string>(Object.values(RoleplayErrorCode));

function roleOf(value: string): Role {
  return value === "staff" ? "staff" : "customer";
}

export class RoleplayController {
  constructor(
    private readonly store: Store<AppState>,
    private readonly session: SceneSession,
  ) {
    session.on("roleplay:invited", (invite) => this.#invited(invite));
    session.on("roleplay:cue", (cue) => this.#patch({ cue, waiting: false, inviting: undefined, done: undefined, menuOpen: false, hints: cue.activityId === this.#ui.cue?.activityId && cue.role === this.#ui.cue.role ? this.#ui.hints : [] }));
    session.on("roleplay:feedback", (feedback) => this.#patch({ feedback, waiting: false }));
    session.on("roleplay:hint", (hint) => this.#patch({ hints: [...this.#ui.hints.filter((h) => h.ko !== hint.ko), hint] }));
    session.on("roleplay:notice", (notice) => this.#patch({ notice: notice.message, ...(notice.code === "declined" ? { inviting: undefined } : {}) }));
    session.on("roleplay:done", (done) => this.#patch({ done, cue: undefined, waiting: false, hints: [] }));
    session.on("error", (error) => {
      if (ROLEPLAY_CODES.has(error.code)) this.#patch({ notice: error.message, waiting: false, inviting: undefined });
    });
  }

  get #ui(): RoleplayUi {
    return this.store.state.roleplay;
  }

  #patch(change: Partial<RoleplayUi>): void {
    this.store.update((state) => ({ roleplay: { ...state.roleplay, ...change } }));
  }

  /** Shown until answered or lapsed (the server refuses a lapsed one anyway). */
  #invited(invite: RoleplayInvited): void {
    this.#patch({ invites: [...this.#ui.invites.filter((i) => i.fromSessionId !== invite.fromSessionId), invite] });
    setTimeout(() => this.#patch({ invites: this.#ui.invites.filter((i) => i.inviteId !== invite.inviteId) }), Math.max(0, invite.expiresAt - Date.now()));
  }

  /** The shared roleplay in the room state: this learner's only (the server sends no other). */
  synced(room: SceneRoom): void {
    let found: RoleplayDialogue | undefined;
    room.state.roleplays?.forEach((rp) => {
      found = {
        id: rp.id,
        round: rp.round,
        speaker: rp.speaker,
        speakerRole: roleOf(rp.speakerRole),
        customer: rp.customer,
        staff: rp.staff,
        customerName: rp.customerName,
        staffName: rp.staffName,
        lines: rp.lines.map((line) => ({ role: roleOf(line.role), name: line.name, text: line.text, by: line.by as RoleplayDialogue["lines"][number]["by"] })),
      };
    });
    // The last cue of round one is over once round two starts: left up, its role in the title and its
    // answer box would show the old part until this learner's first cue of the new round.
    const cue = this.#ui.cue;
    const stale = found !== undefined && cue !== undefined && cue.round < found.round;
    if (stale || JSON.stringify(found) !== JSON.stringify(this.#ui.dialogue)) this.#patch({ dialogue: found, ...(stale ? { cue: undefined, hints: [] } : {}) });
  }

  toggleMenu(): void {
    this.#patch({ menuOpen: !this.#ui.menuOpen, notice: undefined });
  }

  invite(sessionId: string, name: string): void {
    this.#patch({ inviting: name, notice: undefined });
    this.session.send("roleplay:invite", { sessionId });
  }

  /** Pairs with another learner standing near the tutor. */
  find(): void {
    this.#patch({ notice: undefined });
    this.session.send("roleplay:find", {});
  }

  accept(inviteId: string): void {
    this.#patch({ invites: this.#ui.invites.filter((i) => i.inviteId !== inviteId), notice: undefined, feedback: undefined, done: undefined });
    this.session.send("roleplay:accept", { inviteId });
  }

  decline(inviteId: string): void {
    this.#patch({ invites: this.#ui.invites.filter((i) => i.inviteId !== inviteId) });
    this.session.send("roleplay:decline", { inviteId });
  }

  answer(text: string): void {
    const line = text.trim();
    if (!line || this.#ui.waiting) return;
    this.#patch({ waiting: true, notice: undefined });
    this.session.send("roleplay:answer", { text: line });
  }

  hint(): void {
    this.session.send("roleplay:hint", {});
  }

  leave(): void {
    this.session.send("roleplay:leave", {});
    this.#patch({ cue: undefined, feedback: undefined, hints: [], waiting: false, dialogue: undefined });
  }

  /** Closes the summary. */
  dismiss(): void {
    this.#patch({ done: undefined, feedback: undefined, notice: undefined });
  }
}
