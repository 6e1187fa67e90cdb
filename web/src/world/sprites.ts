import { FONT } from "./furniture.ts";

/**
 * People from above: a body, a head looking where they face, a name tag, speech bubbles and
 * emotes. Text is rendered once into small cached canvases, so a frame only copies bitmaps.
 */

const OUTFITS = ["#e07a5f", "#3d85c6", "#81b29a", "#f2b84b", "#9b72cf", "#e56b9f", "#4fb3bf", "#c9734a", "#6c9a3f", "#d9534f"];
const SKIN = ["#f6d7b8", "#eac09c", "#d9a57c", "#b9805a", "#f1cfa8"];
const HAIR = ["#2b2118", "#4a3426", "#1d1d22", "#6b4a2f", "#3a2a20"];

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface Look {
  outfit: string;
  skin: string;
  hair: string;
}

export function lookFor(userId: string): Look {
  const h = hash(userId);
  return { outfit: OUTFITS[h % OUTFITS.length]!, skin: SKIN[(h >>> 8) % SKIN.length]!, hair: HAIR[(h >>> 16) % HAIR.length]! };
}

export interface Figure {
  sx: number;
  sy: number;
  /** Degrees, 0 = north (up on screen), 90 = east. */
  facing: number;
  look: Look;
  /** Walking: the body bobs a little. */
  walking: boolean;
  alpha: number;
  highlight: boolean;
  /** A tutor wears an apron (a lighter stripe) and a cap. */
  tutor: boolean;
}

export function drawFigure(ctx: CanvasRenderingContext2D, f: Figure, s: number, now: number): void {
  const bob = f.walking ? Math.sin(now / 90) * 0.03 * s : 0;
  const dx = Math.sin((f.facing * Math.PI) / 180);
  const dy = -Math.cos((f.facing * Math.PI) / 180);
  ctx.globalAlpha = f.alpha;
  ctx.fillStyle = "rgba(30, 20, 10, 0.22)";
  ctx.beginPath();
  ctx.ellipse(f.sx, f.sy + 0.12 * s, 0.38 * s, 0.24 * s, 0, 0, Math.PI * 2);
  ctx.fill();
  if (f.highlight) {
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = Math.max(2, 0.07 * s);
    ctx.beginPath();
    ctx.arc(f.sx, f.sy + bob, 0.42 * s, 0, Math.PI * 2);
    ctx.stroke();
  }
  disc(ctx, f.sx, f.sy + bob, 0.34 * s, f.look.outfit);
  if (f.tutor) disc(ctx, f.sx, f.sy + bob, 0.2 * s, "#f7f3ea");
  const hx = f.sx + dx * 0.05 * s;
  const hy = f.sy + bob + dy * 0.05 * s;
  disc(ctx, hx, hy, 0.22 * s, f.look.skin);
  // Hair (or a cap) on the back of the head, eyes towards where they look.
  ctx.fillStyle = f.tutor ? f.look.outfit : f.look.hair;
  ctx.beginPath();
  const back = Math.atan2(-dy, -dx);
  ctx.arc(hx, hy, 0.22 * s, back - 1.7, back + 1.7);
  ctx.fill();
  const ex = -dy;
  const ey = dx;
  for (const side of [-1, 1]) disc(ctx, hx + dx * 0.12 * s + ex * side * 0.08 * s, hy + dy * 0.12 * s + ey * side * 0.08 * s, Math.max(1.2, 0.035 * s), "#2a2320");
  ctx.globalAlpha = 1;
}

function disc(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, fill: string): void {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = fill;
  ctx.fill();
}

/** Cached text bitmaps, drawn at device resolution. */
export class Labels {
  readonly #cache = new Map<string, HTMLCanvasElement>();

  constructor(private dpr: number) {}

  setDpr(dpr: number): void {
    if (dpr === this.dpr) return;
    this.dpr = dpr;
    this.#cache.clear();
  }

  /** A name tag: a pill with the name, an accent dot for the learner themself, a badge for the tutor. */
  nameTag(name: string, style: "self" | "other" | "tutor", badge = ""): HTMLCanvasElement {
    return this.#cached(`tag|${style}|${name}|${badge}`, (ctx, measure) => {
      const text = badge ? `${name} · ${badge}` : name;
      ctx.font = `${style === "self" ? 700 : 600} 12px ${FONT}`;
      const width = Math.ceil(measure(text)) + (style === "other" ? 14 : 22);
      return {
        width,
        height: 20,
        draw: () => {
          ctx.fillStyle = style === "tutor" ? "#2f5d50" : "rgba(255, 255, 255, 0.94)";
          ctx.beginPath();
          ctx.roundRect(0.5, 0.5, width - 1, 19, 10);
          ctx.fill();
          if (style === "self") disc(ctx, 10, 10, 4, "#e07a5f");
          if (style === "tutor") disc(ctx, 10, 10, 4, "#f2b84b");
          ctx.font = `${style === "self" ? 700 : 600} 12px ${FONT}`;
          ctx.fillStyle = style === "tutor" ? "#ffffff" : "#1f2430";
          ctx.textBaseline = "middle";
          ctx.fillText(text, style === "other" ? 7 : 17, 10.5);
        },
      };
    });
  }

  /** A speech bubble with its tail at the bottom centre, wrapped to at most 200 CSS pixels. */
  bubble(text: string, tone: "chat" | "tutor"): HTMLCanvasElement {
    return this.#cached(`bubble|${tone}|${text}`, (ctx, measure) => {
      ctx.font = `500 13px ${FONT}`;
      const wrapped = wrap(text.trim(), 200, measure).slice(0, 4);
      const lines = wrapped.length > 0 ? wrapped : [""];
      const width = Math.max(36, Math.ceil(Math.max(...lines.map(measure))) + 20);
      const height = lines.length * 17 + 14;
      return {
        width,
        height: height + 7,
        draw: () => {
          ctx.fillStyle = tone === "tutor" ? "#fff8e6" : "#ffffff";
          ctx.strokeStyle = tone === "tutor" ? "#d9a93a" : "rgba(31, 36, 48, 0.18)";
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.roundRect(0.5, 0.5, width - 1, height - 1, 9);
          ctx.moveTo(width / 2 - 6, height - 0.5);
          ctx.lineTo(width / 2, height + 6);
          ctx.lineTo(width / 2 + 6, height - 0.5);
          ctx.fill();
          ctx.stroke();
          ctx.font = `500 13px ${FONT}`;
          ctx.fillStyle = "#1f2430";
          ctx.textBaseline = "top";
          // One line sits in the middle of its bubble; wrapped lines start at the left.
          lines.forEach((line, i) => ctx.fillText(line, lines.length === 1 ? (width - measure(line)) / 2 : 10, 8 + i * 17));
        },
      };
    });
  }

  /** An emote in a round bubble. */
  emote(glyph: string): HTMLCanvasElement {
    return this.#cached(`emote|${glyph}`, (ctx) => ({
      width: 34,
      height: 34,
      draw: () => {
        disc(ctx, 17, 17, 16, "#ffffff");
        ctx.font = `20px ${FONT}`;
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(glyph, 17, 18);
      },
    }));
  }

  #cached(
    key: string,
    layout: (ctx: CanvasRenderingContext2D, measure: (text: string) => number) => { width: number; height: number; draw: () => void },
  ): HTMLCanvasElement {
    const hit = this.#cache.get(key);
    if (hit) return hit;
    if (this.#cache.size > 400) this.#cache.clear();
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d")!;
    const { width, height, draw } = layout(ctx, (text) => ctx.measureText(text).width);
    canvas.width = Math.ceil(width * this.dpr);
    canvas.height = Math.ceil(height * this.dpr);
    ctx.scale(this.dpr, this.dpr);
    draw();
    this.#cache.set(key, canvas);
    return canvas;
  }
}

function wrap(text: string, maxWidth: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= maxWidth || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  // A single word longer than the bubble is cut by characters.
  return lines.flatMap((l) => (measure(l) <= maxWidth ? [l] : chop(l, maxWidth, measure)));
}

function chop(text: string, maxWidth: number, measure: (text: string) => number): string[] {
  const parts: string[] = [];
  let part = "";
  for (const ch of text) {
    if (measure(part + ch) > maxWidth && part) {
      parts.push(part);
      part = ch;
    } else part += ch;
  }
  return part ? [...parts, part] : parts;
}

/** Copies a cached bitmap centred at (cx, bottom) in CSS pixels. */
export function blitAbove(ctx: CanvasRenderingContext2D, bitmap: HTMLCanvasElement, cx: number, bottom: number, dpr: number): number {
  const w = bitmap.width / dpr;
  const h = bitmap.height / dpr;
  ctx.drawImage(bitmap, Math.round(cx - w / 2), Math.round(bottom - h), w, h);
  return h;
}
