/**
 * Other avatars move smoothly between patches: each position the server sends is kept with
 * the time it arrived, and avatars are drawn a little in the past, between the two samples
 * around that moment. Moves arrive about every 100 ms (clients send at 10 Hz), so drawing
 * 150 ms back always has a sample on either side while someone walks.
 */

export const INTERPOLATION_DELAY_MS = 150;
const KEEP = 8;

interface Sample {
  t: number;
  x: number;
  y: number;
}

export class Track {
  readonly #samples: Sample[] = [];

  /** Records a position when it differs from the last one. */
  observe(t: number, x: number, y: number): void {
    const last = this.#samples.at(-1);
    if (last && last.x === x && last.y === y) return;
    // After standing still, the walk starts from where the avatar stood, not from long ago.
    if (last && t - last.t > INTERPOLATION_DELAY_MS * 2) this.#samples.push({ t: t - INTERPOLATION_DELAY_MS, x: last.x, y: last.y });
    this.#samples.push({ t, x, y });
    if (this.#samples.length > KEEP) this.#samples.splice(0, this.#samples.length - KEEP);
  }

  /** Where to draw the avatar at `now`, and whether it is still on its way. */
  at(now: number): { x: number; y: number; moving: boolean } {
    const t = now - INTERPOLATION_DELAY_MS;
    const samples = this.#samples;
    const last = samples.at(-1);
    if (!last) return { x: 0, y: 0, moving: false };
    if (t >= last.t) return { x: last.x, y: last.y, moving: false };
    for (let i = samples.length - 1; i > 0; i--) {
      const a = samples[i - 1]!;
      const b = samples[i]!;
      if (t >= a.t) {
        const k = (t - a.t) / Math.max(1, b.t - a.t);
        return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k, moving: true };
      }
    }
    const first = samples[0]!;
    return { x: first.x, y: first.y, moving: samples.length > 1 };
  }
}
