/**
 * What a scene looks like from above: its floor and its furniture, in metres on the ground
 * plane (x east, y north), each piece a rectangle centred on (x, y). Clients draw it; the
 * server only checks it is sound (domain/scenes/scene.ts). This module has no runtime
 * dependencies, so the browser client can share it.
 */

export const FLOORS = ["wood", "tile", "carpet", "stone"] as const;
export type Floor = (typeof FLOORS)[number];

export const FURNITURE_KINDS = [
  "counter",
  "shelf",
  "table",
  "chair",
  "sofa",
  "plant",
  "rug",
  "door",
  "desk",
  "belt",
  "gate",
  "bench",
  "pillar",
  "sign",
] as const;
export type FurnitureKind = (typeof FURNITURE_KINDS)[number];

/** Furniture a learner walks around rather than over (rugs, doors, signs and chairs are not). */
export const SOLID_FURNITURE: ReadonlySet<FurnitureKind> = new Set(["counter", "shelf", "table", "sofa", "plant", "desk", "belt", "bench", "pillar"]);

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface FloorArea extends Rect {
  floor: Floor;
}

export interface Furniture extends Rect {
  kind: FurnitureKind;
  /** Short text shown on it: a gate number, a desk number, a sign. */
  label?: string | undefined;
}

export interface Layout {
  floor: Floor;
  areas: FloorArea[];
  items: Furniture[];
}

/** How far from the tutor's NPC a learner may start talking to them (metres). */
export const TALK_DISTANCE = 3;

/** An avatar's footprint radius, for keeping it clear of furniture (metres). */
export const AVATAR_RADIUS = 0.3;

/** True when a circle of `radius` around the point overlaps the rectangle. */
export function overlaps(rect: Rect, x: number, y: number, radius = 0): boolean {
  const dx = Math.max(Math.abs(x - rect.x) - rect.w / 2, 0);
  const dy = Math.max(Math.abs(y - rect.y) - rect.h / 2, 0);
  return radius > 0 ? dx * dx + dy * dy < radius * radius : dx === 0 && dy === 0;
}

export function solidItems(layout: Layout): Furniture[] {
  return layout.items.filter((item) => SOLID_FURNITURE.has(item.kind));
}

/** True when an avatar standing at the point would be inside solid furniture. */
export function isBlocked(solids: readonly Rect[], x: number, y: number, radius = AVATAR_RADIUS): boolean {
  return solids.some((rect) => overlaps(rect, x, y, radius));
}

/**
 * Where an avatar gets to walking from `from` towards `to` without entering solid furniture:
 * the whole step when it is clear, else the step along one axis (sliding along an edge), else
 * staying put. Steps are short (one frame), so checking the end point is enough.
 */
export function slide(solids: readonly Rect[], from: { x: number; y: number }, to: { x: number; y: number }): { x: number; y: number } {
  if (!isBlocked(solids, to.x, to.y)) return to;
  if (!isBlocked(solids, to.x, from.y)) return { x: to.x, y: from.y };
  if (!isBlocked(solids, from.x, to.y)) return { x: from.x, y: to.y };
  return from;
}
