import type { Floor, Furniture, Layout } from "../../../domain/scenes/layout.ts";
import type { Bounds } from "../../../domain/scenes/scene.ts";
import { DRAWERS, type PixelRect } from "./furniture.ts";
import { MARGIN_M } from "./view.ts";

/**
 * The room without its people, drawn once per scale into an offscreen canvas: walls, floors,
 * furniture. Each frame copies it; nothing here runs per frame.
 */

interface FloorLook {
  base: string;
  line: string;
  /** Metres between lines (planks, tiles). */
  step: number;
}

const FLOORS: Readonly<Record<Floor, FloorLook>> = {
  wood: { base: "#dcb68b", line: "#c89f73", step: 0.5 },
  tile: { base: "#eef1f4", line: "#dbe0e6", step: 1 },
  carpet: { base: "#56789e", line: "#4d6d90", step: 0.5 },
  stone: { base: "#ddd5c8", line: "#cbc1b2", step: 2 },
};

/** Flat pieces go under the rest; signs hang over everything. */
const LAYER_ORDER: Partial<Record<Furniture["kind"], number>> = { rug: 0, door: 0, sign: 2 };

export interface StaticLayer {
  canvas: HTMLCanvasElement;
  /** World point of the canvas's top-left corner. */
  originX: number;
  originY: number;
}

export function drawStaticLayer(bounds: Bounds, layout: Layout, scale: number, dpr: number): StaticLayer {
  const canvas = document.createElement("canvas");
  const widthM = bounds.maxX - bounds.minX + 2 * MARGIN_M;
  const heightM = bounds.maxY - bounds.minY + 2 * MARGIN_M;
  canvas.width = Math.ceil(widthM * scale * dpr);
  canvas.height = Math.ceil(heightM * scale * dpr);
  const ctx = canvas.getContext("2d")!;
  ctx.scale(dpr, dpr);
  const originX = bounds.minX - MARGIN_M;
  const originY = bounds.maxY + MARGIN_M;
  const toPixels = (x: number, y: number, w: number, h: number): PixelRect => ({
    x: (x - w / 2 - originX) * scale,
    y: (originY - (y + h / 2)) * scale,
    w: w * scale,
    h: h * scale,
  });
  const room = toPixels((bounds.minX + bounds.maxX) / 2, (bounds.minY + bounds.maxY) / 2, bounds.maxX - bounds.minX, bounds.maxY - bounds.minY);
  drawWalls(ctx, room, scale, layout.floor);
  paintFloor(ctx, room, FLOORS[layout.floor], scale, layout.floor === "wood");
  for (const area of layout.areas) paintFloor(ctx, toPixels(area.x, area.y, area.w, area.h), FLOORS[area.floor], scale, area.floor === "wood");
  drawInnerShadow(ctx, room, scale);
  const items = [...layout.items].sort((a, b) => (LAYER_ORDER[a.kind] ?? 1) - (LAYER_ORDER[b.kind] ?? 1) || b.y - a.y);
  for (const item of items) DRAWERS[item.kind](ctx, toPixels(item.x, item.y, item.w, item.h), scale, item.label);
  return { canvas, originX, originY };
}

function drawWalls(ctx: CanvasRenderingContext2D, room: PixelRect, s: number, floor: Floor): void {
  const warm = floor === "wood";
  const thickness = 0.45 * s;
  ctx.fillStyle = warm ? "#5b4132" : "#6d7b8c";
  ctx.beginPath();
  ctx.roundRect(room.x - thickness, room.y - thickness, room.w + 2 * thickness, room.h + 2 * thickness, 0.3 * s);
  ctx.fill();
  ctx.fillStyle = warm ? "#7a5a45" : "#8d9aab";
  ctx.fillRect(room.x - thickness * 0.45, room.y - thickness * 0.45, room.w + thickness * 0.9, room.h + thickness * 0.9);
}

function paintFloor(ctx: CanvasRenderingContext2D, r: PixelRect, look: FloorLook, s: number, planks: boolean): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(r.x, r.y, r.w, r.h);
  ctx.clip();
  ctx.fillStyle = look.base;
  ctx.fillRect(r.x, r.y, r.w, r.h);
  ctx.fillStyle = look.line;
  const step = look.step * s;
  const line = Math.max(1, 0.03 * s);
  for (let y = r.y + step; y < r.y + r.h; y += step) ctx.fillRect(r.x, y, r.w, line);
  if (planks) {
    // Plank ends, staggered from row to row.
    let row = 0;
    for (let y = r.y; y < r.y + r.h; y += step, row++) {
      for (let x = r.x + ((row * 0.37) % 1) * 2 * s; x < r.x + r.w; x += 2 * s) ctx.fillRect(x, y, line, step);
    }
  } else {
    for (let x = r.x + step; x < r.x + r.w; x += step) ctx.fillRect(x, r.y, line, r.h);
  }
  ctx.restore();
}

function drawInnerShadow(ctx: CanvasRenderingContext2D, room: PixelRect, s: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(room.x, room.y, room.w, room.h);
  ctx.clip();
  ctx.shadowColor = "rgba(30, 20, 10, 0.35)";
  ctx.shadowBlur = 0.5 * s;
  ctx.strokeStyle = "rgba(0, 0, 0, 0.01)";
  ctx.lineWidth = 0.4 * s;
  ctx.strokeRect(room.x - 0.2 * s, room.y - 0.2 * s, room.w + 0.4 * s, room.h + 0.4 * s);
  ctx.restore();
}
