import { applyMove, type MoveRequest, type Walker } from "../domain/scenes/movement.ts";
import type { Scene } from "../domain/scenes/scene.ts";
import type { AvatarState } from "../schema/SceneState.ts";

/** How long an emote stays over an avatar. */
const EMOTE_MS = 3_000;

/** What the room keeps per learner that these actions change. */
export interface Actor {
  walker: Walker;
  emoteTimer?: { clear(): void } | undefined;
}

/** The room's clock, as far as emotes need it. */
interface Timers {
  setTimeout(callback: () => void, ms: number): { clear(): void };
}

/** A move as the movement rules allow it (speed, bounds), shown on the learner's avatar. */
export function moveAvatar(scene: Scene, actor: Actor, avatar: AvatarState, message: MoveRequest, now: number): void {
  const outcome = applyMove(scene, actor.walker, message, now);
  actor.walker = outcome.walker;
  avatar.x = outcome.walker.x;
  avatar.y = outcome.walker.y;
  avatar.facing = outcome.walker.facing;
  avatar.anim = outcome.anim;
}

/** Shows an emote over the avatar for a few seconds; a new one replaces it. */
export function showEmote(actor: Actor, avatar: AvatarState, name: string, timers: Timers): void {
  avatar.emote = name;
  actor.emoteTimer?.clear();
  actor.emoteTimer = timers.setTimeout(() => {
    avatar.emote = "";
  }, EMOTE_MS);
}
