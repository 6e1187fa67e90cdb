import { isBlocked, solidItems, TALK_DISTANCE, type Furniture } from "../../../domain/scenes/layout.ts";
import type { PublicScene } from "../../../http/sceneRoutes.ts";
import type { ClientMessages } from "../../../rooms/protocol.ts";
import type { SceneRoom } from "../net/session.ts";
import { listen } from "./input.ts";
import { Renderer, type WorldView } from "./renderer.ts";
import { Walker } from "./walker.ts";

/**
 * The scene on the canvas: the frame loop, the learner's walking and what the room's state
 * says about everyone else. It knows nothing of the interface around it; it reports whether
 * the learner stands near the tutor and asks to talk when they click the tutor or press E.
 */

export interface WorldEvents {
  move(move: ClientMessages["move"]): void;
  nearTutor(near: boolean): void;
  talk(): void;
}

/** Clicking this close to the tutor walks up to the counter and talks. */
const TUTOR_CLICK_M = 1;

export class World {
  readonly #renderer: Renderer;
  readonly #walker: Walker;
  readonly #solids: Furniture[];
  readonly #stopInput: () => void;
  #room: SceneRoom | undefined;
  #frame = 0;
  #last = 0;
  #near = false;
  #coveredRight = 0;
  readonly #resize = () => this.resize();

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly scene: PublicScene,
    private readonly events: WorldEvents,
    private readonly tutorBadge: string,
  ) {
    this.#renderer = new Renderer(canvas, scene);
    this.#solids = solidItems(scene.layout);
    this.#walker = new Walker(scene.bounds, this.#solids, scene.walkSpeed);
    this.#stopInput = listen(canvas, {
      press: (direction) => this.#walker.press(direction),
      release: (direction) => this.#walker.release(direction),
      releaseAll: () => this.#walker.releaseAll(),
      click: (x, y) => this.#click(x, y),
      talk: () => this.events.talk(),
    });
    window.addEventListener("resize", this.#resize);
    this.resize();
    this.#frame = requestAnimationFrame((now) => this.#tick(now));
  }

  /** A new connection: the avatar starts where the server puts it. */
  attach(room: SceneRoom): void {
    this.#room = room;
    this.#walker.unplace();
    room.onStateChange(() => this.#renderer.observe(this.#view(), performance.now()));
  }

  /** The lesson panel covers this many pixels on the right; the camera centres on the rest. */
  setCoveredRight(pixels: number): void {
    if (pixels === this.#coveredRight) return;
    this.#coveredRight = pixels;
    this.resize();
  }

  resize(): void {
    this.#renderer.resize(window.innerWidth, window.innerHeight, this.#coveredRight, window.devicePixelRatio || 1);
  }

  destroy(): void {
    cancelAnimationFrame(this.#frame);
    this.#stopInput();
    window.removeEventListener("resize", this.#resize);
  }

  #view(): WorldView {
    const state = this.#room?.state;
    return { selfId: this.#room?.sessionId ?? "", avatars: state?.avatars, npc: state?.npc, tutorBadge: this.tutorBadge };
  }

  #tick(now: number): void {
    const dt = Math.min(0.1, (now - (this.#last || now)) / 1000);
    this.#last = now;
    const view = this.#view();
    const mine = view.avatars?.get(view.selfId);
    if (mine) this.#walker.reconcile(mine.x, mine.y, mine.facing);
    this.#walker.update(dt);
    const move = this.#walker.due(now);
    if (move) this.events.move(move);
    this.#checkNear(view);
    this.#renderer.frame(view, this.#walker, now);
    this.#frame = requestAnimationFrame((t) => this.#tick(t));
  }

  #checkNear(view: WorldView): void {
    const npc = view.npc;
    const near = !!npc && this.#walker.placed && Math.hypot(this.#walker.x - npc.x, this.#walker.y - npc.y) <= TALK_DISTANCE;
    if (near === this.#near) return;
    this.#near = near;
    this.events.nearTutor(near);
  }

  #click(clientX: number, clientY: number): void {
    const rect = this.canvas.getBoundingClientRect();
    const point = this.#renderer.camera.toWorld(clientX - rect.left, clientY - rect.top);
    const npc = this.#room?.state.npc;
    if (npc && Math.hypot(point.x - npc.x, point.y - npc.y) <= TUTOR_CLICK_M) {
      this.#walkUpTo(npc.x, npc.y);
      return;
    }
    this.#walker.walkTo(point.x, point.y);
  }

  /** To the free spot within talking distance of the tutor nearest the learner, then talk. */
  #walkUpTo(x: number, y: number): void {
    const w = this.#walker;
    if (Math.hypot(x - w.x, y - w.y) <= TALK_DISTANCE) return this.events.talk();
    const { minX, maxX, minY, maxY } = this.scene.bounds;
    const spots = Array.from({ length: 24 }, (_, i) => {
      const angle = (i / 24) * Math.PI * 2;
      return { x: x + Math.cos(angle) * TALK_DISTANCE * 0.8, y: y + Math.sin(angle) * TALK_DISTANCE * 0.8 };
    }).filter((p) => p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY && !isBlocked(this.#solids, p.x, p.y));
    const spot = spots.sort((a, b) => Math.hypot(a.x - w.x, a.y - w.y) - Math.hypot(b.x - w.x, b.y - w.y))[0];
    if (!spot) return this.events.talk();
    w.walkTo(spot.x, spot.y, () => {
      if (Math.hypot(x - w.x, y - w.y) <= TALK_DISTANCE) this.events.talk();
    });
  }
}
