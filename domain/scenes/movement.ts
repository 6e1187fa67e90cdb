import type { Scene } from "./scene.ts";

/**
 * Authoritative walking. A learner accrues a walking allowance at the scene's walk speed
 * (capped at BURST_SECONDS worth), and each move spends it. Bursty networks (two moves
 * arriving together after a stall) are therefore fine, while the average speed can never
 * exceed walking speed. Targets outside the scene are clamped to its bounds.
 */

export const ANIMATIONS = ["idle", "walk", "run", "sit"] as const;
export type Animation = (typeof ANIMATIONS)[number];

const BURST_SECONDS = 1;
/** Moves shorter than this are treated as standing still (sensor jitter). */
const EPSILON = 1e-4;

export interface Walker {
  x: number;
  y: number;
  facing: number;
  /** Distance the walker may still cover right now. */
  allowance: number;
  /** When the allowance was last topped up (ms, monotonic). */
  refilledAt: number;
}

export interface MoveRequest {
  x: number;
  y: number;
  facing?: number | undefined;
  anim?: Animation | undefined;
}

export interface MoveOutcome {
  walker: Walker;
  anim: Animation;
  /** True when the server did not grant the full requested move. */
  clamped: boolean;
}

export function spawnWalker(scene: Scene, index: number, now: number): Walker {
  const spawn = scene.spawnPoints[index % scene.spawnPoints.length] ?? scene.spawnPoints[0]!;
  return { x: spawn.x, y: spawn.y, facing: 0, allowance: scene.walkSpeed * BURST_SECONDS, refilledAt: now };
}

export function normalizeFacing(degrees: number): number {
  const wrapped = degrees % 360;
  return wrapped < 0 ? wrapped + 360 : wrapped;
}

function clampToBounds(scene: Scene, x: number, y: number): { x: number; y: number } {
  const { minX, maxX, minY, maxY } = scene.bounds;
  return { x: Math.min(maxX, Math.max(minX, x)), y: Math.min(maxY, Math.max(minY, y)) };
}

function refill(scene: Scene, walker: Walker, now: number): number {
  const elapsed = Math.max(0, now - walker.refilledAt) / 1000;
  return Math.min(scene.walkSpeed * BURST_SECONDS, walker.allowance + elapsed * scene.walkSpeed);
}

export function applyMove(scene: Scene, walker: Walker, request: MoveRequest, now: number): MoveOutcome {
  const target = clampToBounds(scene, request.x, request.y);
  let clamped = target.x !== request.x || target.y !== request.y;
  const allowance = refill(scene, walker, now);
  const dx = target.x - walker.x;
  const dy = target.y - walker.y;
  const distance = Math.hypot(dx, dy);
  const travelled = Math.min(distance, allowance);
  if (travelled < distance) clamped = true;
  const ratio = distance > EPSILON ? travelled / distance : 0;
  const moved = travelled > EPSILON;
  const headingFromMotion = normalizeFacing((Math.atan2(dx, dy) * 180) / Math.PI);
  const facing =
    request.facing !== undefined ? normalizeFacing(request.facing) : moved ? headingFromMotion : walker.facing;
  const anim: Animation = request.anim ?? (moved ? "walk" : "idle");
  return {
    walker: {
      x: walker.x + dx * ratio,
      y: walker.y + dy * ratio,
      facing,
      allowance: allowance - travelled,
      refilledAt: now,
    },
    anim,
    clamped,
  };
}
