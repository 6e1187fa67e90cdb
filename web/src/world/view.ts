import type { Bounds } from "../../../domain/scenes/scene.ts";

/**
 * The camera: metres on the ground plane (x east, y north) to CSS pixels on the canvas
 * (north up). It follows the learner, shows as much of the room as fits, and never shows much
 * beyond the walls.
 */

/** Metres of wall and outside shown around the room. */
export const MARGIN_M = 1.2;
const MIN_SCALE = 30;
const MAX_SCALE = 64;

export interface Viewport {
  width: number;
  height: number;
  /** CSS pixels on the right covered by the lesson panel; the camera centres on what is left. */
  coveredRight: number;
}

export class Camera {
  scale = 40;
  /** World point at the centre of the visible area. */
  cx = 0;
  cy = 0;
  #viewport: Viewport = { width: 1, height: 1, coveredRight: 0 };

  constructor(private readonly bounds: Bounds) {}

  get viewport(): Viewport {
    return this.#viewport;
  }

  /** Picks the scale for a viewport; returns true when it changed (cached drawings must be redrawn). */
  resize(viewport: Viewport): boolean {
    this.#viewport = viewport;
    const width = this.bounds.maxX - this.bounds.minX + 2 * MARGIN_M;
    const height = this.bounds.maxY - this.bounds.minY + 2 * MARGIN_M;
    const fit = Math.min((viewport.width - viewport.coveredRight) / width, viewport.height / height);
    const scale = Math.round(Math.min(MAX_SCALE, Math.max(MIN_SCALE, fit)));
    const changed = scale !== this.scale;
    this.scale = scale;
    return changed;
  }

  /** Centres on a point, as far as the room allows (a room smaller than the view stays centred). */
  follow(x: number, y: number): void {
    const visibleW = (this.#viewport.width - this.#viewport.coveredRight) / this.scale;
    const visibleH = this.#viewport.height / this.scale;
    this.cx = clampAxis(x, this.bounds.minX - MARGIN_M, this.bounds.maxX + MARGIN_M, visibleW);
    this.cy = clampAxis(y, this.bounds.minY - MARGIN_M, this.bounds.maxY + MARGIN_M, visibleH);
  }

  toScreen(x: number, y: number): { sx: number; sy: number } {
    const centreX = (this.#viewport.width - this.#viewport.coveredRight) / 2;
    return { sx: centreX + (x - this.cx) * this.scale, sy: this.#viewport.height / 2 - (y - this.cy) * this.scale };
  }

  toWorld(sx: number, sy: number): { x: number; y: number } {
    const centreX = (this.#viewport.width - this.#viewport.coveredRight) / 2;
    return { x: this.cx + (sx - centreX) / this.scale, y: this.cy - (sy - this.#viewport.height / 2) / this.scale };
  }
}

function clampAxis(value: number, min: number, max: number, visible: number): number {
  if (max - min <= visible) return (min + max) / 2;
  return Math.min(max - visible / 2, Math.max(min + visible / 2, value));
}
