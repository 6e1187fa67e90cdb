import { slide, type Rect } from "../../../domain/scenes/layout.ts";
import type { Bounds } from "../../../domain/scenes/scene.ts";
import type { ClientMessages } from "../../../rooms/protocol.ts";

/**
 * The learner's own avatar, moved here at once (no waiting for the server) and told to the
 * server at a steady 10 Hz. It walks a little under the server's walking speed, so the
 * server's allowance never runs out and never pulls the avatar back.
 */

export type Direction = "north" | "south" | "east" | "west";

const SEND_EVERY_MS = 100;
const SPEED_MARGIN = 0.9;
const ARRIVED_M = 0.08;
/** Further than this from where the server has the avatar, the server's position wins. */
const SNAP_M = 2;

const STEP: Readonly<Record<Direction, [number, number]>> = { north: [0, 1], south: [0, -1], east: [1, 0], west: [-1, 0] };

export class Walker {
  x = 0;
  y = 0;
  facing = 0;
  moving = false;
  placed = false;
  readonly #keys = new Set<Direction>();
  #target: { x: number; y: number; arrive?: (() => void) | undefined } | undefined;
  #sent = { x: 0, y: 0, anim: "idle", at: 0 };

  constructor(
    private readonly bounds: Bounds,
    private readonly solids: readonly Rect[],
    private readonly speed: number,
  ) {}

  /** Where the server has the avatar: taken on (re)join, and whenever the two drift apart. */
  reconcile(x: number, y: number, facing: number): void {
    if (this.placed && Math.hypot(x - this.x, y - this.y) < SNAP_M) return;
    Object.assign(this, { x, y, facing, placed: true, moving: false });
    this.#target = undefined;
    this.#sent = { x, y, anim: "idle", at: 0 };
  }

  /** A fresh connection: its avatar starts where the server put it. */
  unplace(): void {
    this.placed = false;
    this.#keys.clear();
    this.#target = undefined;
  }

  press(direction: Direction): void {
    this.#keys.add(direction);
    this.#target = undefined;
  }

  release(direction: Direction): void {
    this.#keys.delete(direction);
  }

  releaseAll(): void {
    this.#keys.clear();
  }

  /** Walks to a point; `arrive` runs when it gets there, or as close as furniture lets it. */
  walkTo(x: number, y: number, arrive?: () => void): void {
    const { minX, maxX, minY, maxY } = this.bounds;
    this.#target = { x: Math.min(maxX, Math.max(minX, x)), y: Math.min(maxY, Math.max(minY, y)), arrive };
  }

  get target(): { x: number; y: number } | undefined {
    return this.#target;
  }

  update(dtSeconds: number): void {
    if (!this.placed) return;
    const direction = this.#direction();
    if (!direction) {
      this.moving = false;
      return;
    }
    const step = Math.min(this.speed * SPEED_MARGIN * dtSeconds, direction.distance);
    const want = { x: this.x + direction.dx * step, y: this.y + direction.dy * step };
    const { minX, maxX, minY, maxY } = this.bounds;
    want.x = Math.min(maxX, Math.max(minX, want.x));
    want.y = Math.min(maxY, Math.max(minY, want.y));
    const got = slide(this.solids, this, want);
    const progressed = Math.hypot(got.x - this.x, got.y - this.y) > 1e-4;
    if (progressed) this.facing = ((Math.atan2(got.x - this.x, got.y - this.y) * 180) / Math.PI + 360) % 360;
    this.x = got.x;
    this.y = got.y;
    this.moving = progressed;
    // Furniture in the way of a click: stop where it blocks instead of pushing forever.
    if (!progressed && this.#target) {
      const arrive = this.#target.arrive;
      this.#target = undefined;
      arrive?.();
    }
  }

  #direction(): { dx: number; dy: number; distance: number } | undefined {
    if (this.#keys.size > 0) {
      let dx = 0;
      let dy = 0;
      for (const key of this.#keys) {
        dx += STEP[key][0];
        dy += STEP[key][1];
      }
      const length = Math.hypot(dx, dy);
      return length === 0 ? undefined : { dx: dx / length, dy: dy / length, distance: Infinity };
    }
    if (!this.#target) return undefined;
    const dx = this.#target.x - this.x;
    const dy = this.#target.y - this.y;
    const distance = Math.hypot(dx, dy);
    if (distance < ARRIVED_M) {
      const arrive = this.#target.arrive;
      this.#target = undefined;
      arrive?.();
      return undefined;
    }
    return { dx: dx / distance, dy: dy / distance, distance };
  }

  /** The move to send now, if one is due: at most every 100 ms, and once more on stopping. */
  due(now: number): ClientMessages["move"] | undefined {
    if (!this.placed || now - this.#sent.at < SEND_EVERY_MS) return undefined;
    const anim = this.moving ? "walk" : "idle";
    const still = Math.abs(this.x - this.#sent.x) < 1e-3 && Math.abs(this.y - this.#sent.y) < 1e-3;
    if (still && anim === this.#sent.anim) return undefined;
    this.#sent = { x: this.x, y: this.y, anim, at: now };
    return { x: round(this.x), y: round(this.y), facing: Math.round(this.facing), anim };
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
