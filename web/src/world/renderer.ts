import { TALK_DISTANCE } from "../../../domain/scenes/layout.ts";
import type { PublicScene } from "../../../http/sceneRoutes.ts";
import type { Emote } from "../../../domain/emotes.ts";
import { EMOTE_GLYPHS } from "../app/i18n.ts";
import { drawStaticLayer, type StaticLayer } from "./floor.ts";
import { Track } from "./motion.ts";
import { blitAbove, drawFigure, Labels, lookFor, type Look } from "./sprites.ts";
import { Camera } from "./view.ts";
import type { Walker } from "./walker.ts";

/**
 * Draws a frame: the cached room, then everyone sorted from north to south (so nearer people
 * overlap farther ones), then name tags and bubbles on top. It reads the synchronized state
 * as it is; other avatars' positions come from their interpolation tracks.
 */

export interface AvatarView {
  userId: string;
  name: string;
  x: number;
  y: number;
  facing: number;
  emote: string;
  chat: string;
  connected: boolean;
  /** The roleplay the learner is playing, or "": a marker shows they practise together. */
  roleplay: string;
}

export interface NpcView {
  name: string;
  x: number;
  y: number;
  facing: number;
  anim: string;
  talkingTo: string;
  line: string;
}

/** The parts of the synchronized avatars map (a MapSchema) the renderer reads. */
export interface AvatarMap {
  forEach(callback: (avatar: AvatarView, key: string) => void): void;
  has(key: string): boolean;
  get(key: string): AvatarView | undefined;
}

export interface WorldView {
  selfId: string;
  avatars: AvatarMap | undefined;
  npc: NpcView | undefined;
  tutorBadge: string;
}

interface Drawn {
  key: string;
  x: number;
  y: number;
  facing: number;
  walking: boolean;
  look: Look;
  name: string;
  self: boolean;
  tutor: boolean;
  connected: boolean;
  chat: string;
  emote: string;
  practising: boolean;
}

/** Over both players of a roleplay, for everyone in the room. */
const ROLEPLAY_MARKER = "🎭";

export class Renderer {
  readonly camera: Camera;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #tracks = new Map<string, Track>();
  readonly #labels: Labels;
  #layer: StaticLayer | undefined;
  #dpr = 1;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly scene: PublicScene,
  ) {
    this.#ctx = canvas.getContext("2d", { alpha: false })!;
    this.camera = new Camera(scene.bounds);
    this.#labels = new Labels(this.#dpr);
  }

  resize(width: number, height: number, coveredRight: number, dpr: number): void {
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    const scaleChanged = this.camera.resize({ width, height, coveredRight });
    if (scaleChanged || dpr !== this.#dpr || !this.#layer) {
      this.#dpr = dpr;
      this.#labels.setDpr(dpr);
      this.#layer = drawStaticLayer(this.scene.bounds, this.scene.layout, this.camera.scale, dpr);
    }
  }

  /** Patches arrive: remember each other avatar's new position with the time it came. */
  observe(view: WorldView, now: number): void {
    view.avatars?.forEach((avatar, key) => {
      if (key === view.selfId) return;
      let track = this.#tracks.get(key);
      if (!track) this.#tracks.set(key, (track = new Track()));
      track.observe(now, avatar.x, avatar.y);
    });
    for (const key of this.#tracks.keys()) if (!view.avatars?.has(key)) this.#tracks.delete(key);
  }

  frame(view: WorldView, walker: Walker, now: number): void {
    const ctx = this.#ctx;
    const { width, height } = this.camera.viewport;
    if (walker.placed) this.camera.follow(walker.x, walker.y);
    ctx.setTransform(this.#dpr, 0, 0, this.#dpr, 0, 0);
    ctx.fillStyle = "#e8e1d5";
    ctx.fillRect(0, 0, width, height);
    if (this.#layer) {
      const { sx, sy } = this.camera.toScreen(this.#layer.originX, this.#layer.originY);
      ctx.drawImage(this.#layer.canvas, Math.round(sx), Math.round(sy), this.#layer.canvas.width / this.#dpr, this.#layer.canvas.height / this.#dpr);
    }
    this.#drawTalkRing(view, walker, now);
    this.#drawTarget(walker, now);
    const people = this.#people(view, walker, now).sort((a, b) => b.y - a.y);
    const s = this.camera.scale;
    for (const p of people) {
      const { sx, sy } = this.camera.toScreen(p.x, p.y);
      drawFigure(ctx, { sx, sy, facing: p.facing, look: p.look, walking: p.walking, alpha: p.connected ? 1 : 0.45, highlight: p.self, tutor: p.tutor }, s, now);
    }
    for (const p of people) this.#drawOverlay(p, view, now);
  }

  #people(view: WorldView, walker: Walker, now: number): Drawn[] {
    const people: Drawn[] = [];
    view.avatars?.forEach((a, key) => {
      const self = key === view.selfId;
      if (self && !walker.placed) return;
      const at = self ? { x: walker.x, y: walker.y, moving: walker.moving } : (this.#tracks.get(key)?.at(now) ?? { x: a.x, y: a.y, moving: false });
      people.push({ key, x: at.x, y: at.y, facing: self ? walker.facing : a.facing, walking: at.moving, look: lookFor(a.userId), name: a.name, self, tutor: false, connected: a.connected, chat: a.chat, emote: a.emote, practising: a.roleplay !== "" && a.roleplay !== undefined });
    });
    const npc = view.npc;
    if (npc) {
      const look = { ...lookFor(npc.name), outfit: this.scene.name === "airport" ? "#1f4e79" : "#2f5d50" };
      people.push({ key: "npc", x: npc.x, y: npc.y, facing: npc.facing, walking: false, look, name: npc.name, self: false, tutor: true, connected: true, chat: "", emote: "", practising: false });
    }
    return people;
  }

  #drawOverlay(p: Drawn, view: WorldView, now: number): void {
    const ctx = this.#ctx;
    const s = this.camera.scale;
    const { sx, sy } = this.camera.toScreen(p.x, p.y);
    const tag = this.#labels.nameTag(p.connected ? p.name : `${p.name} …`, p.tutor ? "tutor" : p.self ? "self" : "other", p.tutor ? view.tutorBadge : "");
    let bottom = sy - 0.5 * s - 4;
    bottom -= blitAbove(ctx, tag, sx, bottom, this.#dpr) + 4;
    if (p.tutor && view.npc) return this.#drawTutorSpeech(view.npc, view.selfId, sx, bottom, now);
    if (p.chat) blitAbove(ctx, this.#labels.bubble(p.chat, "chat"), sx, bottom, this.#dpr);
    const glyph = EMOTE_GLYPHS[p.emote as Emote];
    if (glyph) blitAbove(ctx, this.#labels.emote(glyph), sx + 0.55 * s + 12, sy + 0.25 * s, this.#dpr);
    if (p.practising) blitAbove(ctx, this.#labels.emote(ROLEPLAY_MARKER), sx - 0.55 * s - 12, sy + 0.25 * s, this.#dpr);
  }

  /** The tutor's state: its line while it talks to this learner, "..." while it talks to another, a nudge while idle. */
  #drawTutorSpeech(npc: NpcView, selfId: string, sx: number, bottom: number, now: number): void {
    const ctx = this.#ctx;
    if (npc.talkingTo === selfId && npc.line) {
      blitAbove(ctx, this.#labels.bubble(npc.line, "tutor"), sx, bottom, this.#dpr);
      return;
    }
    const talking = npc.talkingTo !== "" || npc.anim === "talk" || npc.anim === "explain";
    const bubble = this.#labels.bubble(talking ? "" : "!", "tutor");
    const lift = talking ? 0 : Math.sin(now / 300) * 3;
    const h = blitAbove(ctx, bubble, sx, bottom + lift, this.#dpr);
    if (!talking) return;
    for (let i = 0; i < 3; i++) {
      const phase = Math.sin(now / 160 - i * 0.9) * 2;
      ctx.fillStyle = "#8a6a1f";
      ctx.beginPath();
      ctx.arc(sx - 8 + i * 8, bottom - h / 2 - 3 + phase, 2.6, 0, Math.PI * 2);
      ctx.fill();
    }
  }

  #drawTalkRing(view: WorldView, walker: Walker, now: number): void {
    if (!view.npc) return;
    const ctx = this.#ctx;
    const near = walker.placed && Math.hypot(walker.x - view.npc.x, walker.y - view.npc.y) <= TALK_DISTANCE;
    const { sx, sy } = this.camera.toScreen(view.npc.x, view.npc.y);
    ctx.strokeStyle = near ? "rgba(242, 184, 75, 0.95)" : "rgba(47, 93, 80, 0.35)";
    ctx.lineWidth = near ? 3 : 2;
    ctx.setLineDash([8, 8]);
    ctx.lineDashOffset = -now / 60;
    ctx.beginPath();
    ctx.arc(sx, sy, TALK_DISTANCE * this.camera.scale, 0, Math.PI * 2);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  #drawTarget(walker: Walker, now: number): void {
    const target = walker.target;
    if (!target) return;
    const ctx = this.#ctx;
    const { sx, sy } = this.camera.toScreen(target.x, target.y);
    const pulse = 6 + Math.sin(now / 120) * 2;
    ctx.strokeStyle = "rgba(224, 122, 95, 0.9)";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.ellipse(sx, sy, pulse * 1.4, pulse * 0.8, 0, 0, Math.PI * 2);
    ctx.stroke();
  }
}
