/**
 * How a bot walks: like a person, not a teleporter. It picks a spot in the scene, walks
 * there at a steady pace in small steps (10 a second), pauses a moment, and picks another.
 * Its facing carries a probe: the whole degrees are the walking direction, the hundredths a
 * sequence number, so another client can tell which move it is seeing (see probe.ts).
 */

export interface Area {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export interface Step {
  x: number;
  y: number;
  facing: number;
  anim: "walk" | "idle";
  seq: number;
}

export class Walker {
  readonly #area: Area;
  readonly #speed: number;
  readonly #random: () => number;
  #x: number;
  #y: number;
  #target: { x: number; y: number };
  #pauseSteps = 0;
  #heading = 0;
  #seq = 0;

  constructor(area: Area, start: { x: number; y: number }, speedMetresPerSecond = 2.5, random: () => number = Math.random) {
    this.#area = area;
    this.#speed = speedMetresPerSecond;
    this.#random = random;
    this.#x = start.x;
    this.#y = start.y;
    this.#target = this.#pick();
  }

  #pick(): { x: number; y: number } {
    const { minX, maxX, minY, maxY } = this.#area;
    return { x: minX + 1 + this.#random() * (maxX - minX - 2), y: minY + 1 + this.#random() * (maxY - minY - 2) };
  }

  /** The next position, one tenth of a second later. */
  step(): Step {
    this.#seq = (this.#seq + 1) % 100;
    if (this.#pauseSteps > 0) {
      this.#pauseSteps -= 1;
      return { x: this.#x, y: this.#y, facing: Math.floor(this.#heading) + this.#seq / 100, anim: "idle", seq: this.#seq };
    }
    const dx = this.#target.x - this.#x;
    const dy = this.#target.y - this.#y;
    const distance = Math.hypot(dx, dy);
    const stride = this.#speed / 10;
    if (distance <= stride) {
      this.#x = this.#target.x;
      this.#y = this.#target.y;
      this.#target = this.#pick();
      this.#pauseSteps = Math.floor(this.#random() * 20);
    } else {
      this.#x += (dx / distance) * stride;
      this.#y += (dy / distance) * stride;
      this.#heading = (((Math.atan2(dx, dy) * 180) / Math.PI) + 360) % 360;
    }
    return { x: this.#x, y: this.#y, facing: Math.floor(this.#heading) + this.#seq / 100, anim: "walk", seq: this.#seq };
  }
}

/** The sequence number a probe-carrying facing holds. */
export function seqOf(facing: number): number {
  return Math.round((facing - Math.floor(facing)) * 100) % 100;
}
