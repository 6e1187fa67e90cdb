import type { FurnitureKind } from "../../../domain/scenes/layout.ts";

/**
 * How each kind of furniture looks from above. Each drawer gets the piece's rectangle in
 * pixels (top-left origin) and the scale (pixels per metre). Change the look here.
 */

export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

type Drawer = (ctx: CanvasRenderingContext2D, r: PixelRect, s: number, label: string | undefined) => void;

export const FONT = "system-ui, 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif";

function rounded(ctx: CanvasRenderingContext2D, r: PixelRect, radius: number, fill: string): void {
  ctx.beginPath();
  ctx.roundRect(r.x, r.y, r.w, r.h, Math.min(radius, r.w / 2, r.h / 2));
  ctx.fillStyle = fill;
  ctx.fill();
}

function inset(r: PixelRect, by: number): PixelRect {
  return { x: r.x + by, y: r.y + by, w: Math.max(0, r.w - 2 * by), h: Math.max(0, r.h - 2 * by) };
}

function withShadow(ctx: CanvasRenderingContext2D, s: number, draw: () => void): void {
  ctx.save();
  ctx.shadowColor = "rgba(40, 28, 18, 0.28)";
  ctx.shadowBlur = 0.22 * s;
  ctx.shadowOffsetY = 0.1 * s;
  draw();
  ctx.restore();
}

function circle(ctx: CanvasRenderingContext2D, x: number, y: number, radius: number, fill: string): void {
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, Math.PI * 2);
  ctx.fillStyle = fill;
  ctx.fill();
}

/** A label fitted into a width: bold, centred, shrunk to fit. */
export function fitText(ctx: CanvasRenderingContext2D, text: string, cx: number, cy: number, maxWidth: number, size: number, color: string): void {
  let px = size;
  ctx.font = `700 ${px}px ${FONT}`;
  while (px > 7 && ctx.measureText(text).width > maxWidth) {
    px -= 1;
    ctx.font = `700 ${px}px ${FONT}`;
  }
  ctx.fillStyle = color;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(text, cx, cy);
}

const counter: Drawer = (ctx, r, s) => {
  withShadow(ctx, s, () => rounded(ctx, r, 0.12 * s, "#6f4526"));
  rounded(ctx, inset(r, 0.1 * s), 0.08 * s, "#a8744a");
  // An espresso machine at one end, a till at the other, cups between.
  rounded(ctx, { x: r.x + 0.35 * s, y: r.y + 0.18 * s, w: 1.3 * s, h: r.h - 0.36 * s }, 0.08 * s, "#8b9299");
  circle(ctx, r.x + 0.7 * s, r.y + r.h / 2, 0.12 * s, "#2e3136");
  circle(ctx, r.x + 1.3 * s, r.y + r.h / 2, 0.12 * s, "#2e3136");
  rounded(ctx, { x: r.x + r.w - 1.2 * s, y: r.y + 0.2 * s, w: 0.8 * s, h: r.h - 0.4 * s }, 0.06 * s, "#30343a");
  for (let x = r.x + 2.4 * s; x < r.x + r.w - 1.8 * s; x += 0.9 * s) {
    circle(ctx, x, r.y + r.h / 2, 0.13 * s, "#fbf7f0");
    circle(ctx, x, r.y + r.h / 2, 0.07 * s, "#7a4a2a");
  }
};

const shelf: Drawer = (ctx, r, s) => {
  withShadow(ctx, s, () => rounded(ctx, r, 0.06 * s, "#5a3b27"));
  const colours = ["#c0504d", "#e0a43a", "#4f8a8b", "#f3e9d8", "#7a6fb0", "#6aa85f"];
  const step = 0.32 * s;
  let i = 0;
  for (let x = r.x + 0.12 * s; x + step * 0.7 < r.x + r.w - 0.1 * s; x += step) {
    rounded(ctx, { x, y: r.y + 0.14 * s, w: step * 0.7, h: r.h - 0.28 * s }, 0.05 * s, colours[i++ % colours.length]!);
  }
};

const table: Drawer = (ctx, r, s) => {
  const round = Math.abs(r.w - r.h) < 0.05 * s;
  withShadow(ctx, s, () => (round ? circle(ctx, r.x + r.w / 2, r.y + r.h / 2, r.w / 2, "#b9824f") : rounded(ctx, r, 0.15 * s, "#b9824f")));
  if (round) circle(ctx, r.x + r.w / 2, r.y + r.h / 2, r.w / 2 - 0.08 * s, "#d3a06b");
  else rounded(ctx, inset(r, 0.08 * s), 0.1 * s, "#d3a06b");
  circle(ctx, r.x + r.w / 2 - 0.15 * s, r.y + r.h / 2, 0.12 * s, "#fbf7f0");
  circle(ctx, r.x + r.w / 2 - 0.15 * s, r.y + r.h / 2, 0.06 * s, "#6b3f22");
};

const chair: Drawer = (ctx, r, s) => {
  withShadow(ctx, s, () => rounded(ctx, r, 0.14 * s, "#7d4f31"));
  rounded(ctx, inset(r, 0.07 * s), 0.1 * s, "#a36b43");
};

const sofa: Drawer = (ctx, r, s) => {
  withShadow(ctx, s, () => rounded(ctx, r, 0.25 * s, "#3f6b6b"));
  const seat = inset(r, 0.18 * s);
  const cushions = Math.max(1, Math.round(seat.w / (1.3 * s)));
  for (let i = 0; i < cushions; i++) {
    const w = seat.w / cushions;
    rounded(ctx, { x: seat.x + i * w + 0.03 * s, y: seat.y, w: w - 0.06 * s, h: seat.h }, 0.12 * s, "#5a8c8a");
  }
};

const plant: Drawer = (ctx, r, s) => {
  const cx = r.x + r.w / 2;
  const cy = r.y + r.h / 2;
  withShadow(ctx, s, () => circle(ctx, cx, cy, r.w * 0.36, "#b4643a"));
  const leaves = ["#3f7a45", "#4f8f4f", "#69a85f", "#4f8f4f", "#3f7a45", "#5d9c56"];
  leaves.forEach((colour, i) => {
    const angle = (i / leaves.length) * Math.PI * 2;
    circle(ctx, cx + Math.cos(angle) * r.w * 0.22, cy + Math.sin(angle) * r.h * 0.22, r.w * 0.24, colour);
  });
  circle(ctx, cx, cy, r.w * 0.18, "#7cbf6b");
};

const rug: Drawer = (ctx, r, s) => {
  rounded(ctx, r, 0.2 * s, "#a9483f");
  ctx.strokeStyle = "#e6c28f";
  ctx.lineWidth = Math.max(1, 0.06 * s);
  ctx.setLineDash([0.2 * s, 0.12 * s]);
  ctx.beginPath();
  ctx.roundRect(r.x + 0.2 * s, r.y + 0.2 * s, r.w - 0.4 * s, r.h - 0.4 * s, 0.12 * s);
  ctx.stroke();
  ctx.setLineDash([]);
};

const door: Drawer = (ctx, r, s) => {
  // A gap in the wall, with a threshold strip.
  rounded(ctx, { x: r.x, y: r.y - 0.5 * s, w: r.w, h: r.h + 1 * s }, 0.05 * s, "#e9dfcf");
  for (let x = r.x + 0.1 * s; x < r.x + r.w - 0.1 * s; x += 0.25 * s) {
    ctx.fillStyle = "#cdbfa8";
    ctx.fillRect(x, r.y - 0.3 * s, 0.1 * s, r.h + 0.6 * s);
  }
};

const desk: Drawer = (ctx, r, s, label) => {
  withShadow(ctx, s, () => rounded(ctx, r, 0.1 * s, "#2f4257"));
  rounded(ctx, { x: r.x + 0.08 * s, y: r.y + 0.08 * s, w: r.w - 0.16 * s, h: r.h * 0.55 }, 0.06 * s, "#eef0f2");
  rounded(ctx, { x: r.x + r.w / 2 - 0.35 * s, y: r.y + 0.14 * s, w: 0.7 * s, h: 0.3 * s }, 0.04 * s, "#25313d");
  if (label) {
    const badge = { x: r.x + r.w / 2 - 0.3 * s, y: r.y + r.h - 0.42 * s, w: 0.6 * s, h: 0.36 * s };
    rounded(ctx, badge, 0.08 * s, "#f2b84b");
    fitText(ctx, label, badge.x + badge.w / 2, badge.y + badge.h / 2 + 0.5, badge.w, 0.28 * s, "#1f2430");
  }
};

const belt: Drawer = (ctx, r, s) => {
  rounded(ctx, r, r.h / 2, "#3b4048");
  ctx.fillStyle = "#575e68";
  for (let x = r.x + 0.3 * s; x < r.x + r.w - 0.3 * s; x += 0.35 * s) ctx.fillRect(x, r.y + 0.14 * s, 0.12 * s, r.h - 0.28 * s);
};

const gate: Drawer = (ctx, r, s, label) => {
  withShadow(ctx, s, () => rounded(ctx, r, 0.1 * s, "#1f5f8b"));
  rounded(ctx, inset(r, 0.12 * s), 0.06 * s, "#d7e6f2");
  if (label) {
    const badge = { x: r.x + r.w / 2 - 0.55 * s, y: r.y + r.h / 2 - 0.32 * s, w: 1.1 * s, h: 0.64 * s };
    rounded(ctx, badge, 0.12 * s, "#f2b84b");
    fitText(ctx, label, badge.x + badge.w / 2, badge.y + badge.h / 2 + 0.5, badge.w - 4, 0.4 * s, "#1f2430");
  }
};

const bench: Drawer = (ctx, r, s) => {
  withShadow(ctx, s, () => rounded(ctx, r, 0.1 * s, "#24405f"));
  const vertical = r.h > r.w;
  const length = vertical ? r.h : r.w;
  const seats = Math.max(1, Math.round(length / (0.7 * s)));
  for (let i = 0; i < seats; i++) {
    const step = length / seats;
    const seat = vertical
      ? { x: r.x + 0.08 * s, y: r.y + i * step + 0.06 * s, w: r.w - 0.16 * s, h: step - 0.12 * s }
      : { x: r.x + i * step + 0.06 * s, y: r.y + 0.08 * s, w: step - 0.12 * s, h: r.h - 0.16 * s };
    rounded(ctx, seat, 0.08 * s, "#3f6a97");
  }
};

const pillar: Drawer = (ctx, r, s) => {
  withShadow(ctx, s, () => rounded(ctx, r, 0.08 * s, "#aab3be"));
  rounded(ctx, inset(r, 0.14 * s), 0.05 * s, "#c9d0d8");
};

const sign: Drawer = (ctx, r, s, label) => {
  withShadow(ctx, s, () => rounded(ctx, r, 0.12 * s, "#22364d"));
  if (label) fitText(ctx, label, r.x + r.w / 2, r.y + r.h / 2 + 0.5, r.w - 0.3 * s, 0.34 * s, "#ffffff");
};

export const DRAWERS: Readonly<Record<FurnitureKind, Drawer>> = {
  counter,
  shelf,
  table,
  chair,
  sofa,
  plant,
  rug,
  door,
  desk,
  belt,
  gate,
  bench,
  pillar,
  sign,
};
