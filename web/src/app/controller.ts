import type { Emote } from "../../../domain/emotes.ts";
import type { LearnerLang } from "../../../domain/learners/learner.ts";
import { ApiError, fetchFeatures, fetchProgress, fetchScenes, signInAsGuest, type SignedIn } from "../net/api.ts";
import { forgetLearner, rememberChoices, rememberedChoices, rememberedLearner, rememberLearner } from "../net/identity.ts";
import { SceneSession, type ConnectionStatus, type SceneRoom } from "../net/session.ts";
import { World } from "../world/world.ts";
import { translator, type Translate } from "./i18n.ts";
import { freshTutor, type AppState, type RosterEntry } from "./state.ts";
import { Store } from "./store.ts";
import { TutorController } from "./tutor.ts";
import { freshRoleplay, RoleplayController } from "./roleplay.ts";

/**
 * What the learner does, from signing in to leaving: it owns the scene session, the canvas
 * world and the tutor, and keeps the app state the interface is drawn from.
 */

const CHAT_KEPT = 40;
const FLASH_MS = 3_500;
const ROSTER_MS = 250;

export class Controller {
  readonly store: Store<AppState>;
  #session: SceneSession | undefined;
  #world: World | undefined;
  #tutor: TutorController | undefined;
  #roleplay: RoleplayController | undefined;
  #flashTimer: ReturnType<typeof setTimeout> | undefined;
  #rosterTimer: ReturnType<typeof setTimeout> | undefined;
  /** The learner walked away from the tutor since it last opened, so walking up opens it again. */
  #leftTutor = true;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const choices = rememberedChoices();
    const remembered = rememberedLearner();
    this.store = new Store<AppState>({
      lang: choices.lang ?? remembered?.learner.lang ?? preferredLang(),
      scenes: [],
      features: { voiceAnswers: false, tutorVoice: false, region: "", languages: ["en", "id", "vi"] },
      sceneName: choices.scene ?? "cafe",
      remembered,
      phase: "signin",
      entering: false,
      signInError: undefined,
      connection: { kind: "connecting" },
      flash: undefined,
      scene: undefined,
      chat: [],
      tutor: freshTutor(),
      nearNpc: false,
      roster: [],
      resumable: false,
      reviews: [],
      roleplay: freshRoleplay(),
    });
    let flash: string | undefined;
    this.store.subscribe((state) => {
      if (state.flash && state.flash !== flash) this.#scheduleFlashEnd();
      flash = state.flash;
    });
  }

  get t(): Translate {
    return translator(this.store.state.lang);
  }

  get tutor(): TutorController | undefined {
    return this.#tutor;
  }

  get roleplay(): RoleplayController | undefined {
    return this.#roleplay;
  }

  async load(): Promise<void> {
    const [scenes, features] = await Promise.all([fetchScenes(), fetchFeatures()]);
    const sceneName = scenes.some((scene) => scene.name === this.store.state.sceneName) ? this.store.state.sceneName : (scenes[0]?.name ?? "");
    this.store.update({ scenes, features, sceneName });
    // The deployment's region decides which languages are on; one it does not offer gives way to its first.
    if (!features.languages.includes(this.store.state.lang) && features.languages[0]) this.setLang(features.languages[0]);
  }

  setLang(lang: LearnerLang): void {
    this.store.update({ lang });
    document.documentElement.lang = lang;
  }

  setScene(sceneName: string): void {
    this.store.update({ sceneName });
  }

  forget(): void {
    forgetLearner();
    this.store.update({ remembered: undefined });
  }

  /** Signs in (or reuses the remembered learner) and joins the chosen scene. */
  async enter(name: string): Promise<void> {
    const { lang, sceneName, remembered } = this.store.state;
    if (!remembered && !name.trim()) return this.store.update({ signInError: this.t("signin.nameMissing") });
    this.store.update({ entering: true, signInError: undefined });
    try {
      const signedIn = remembered ?? (await signInAsGuest(name.trim(), lang));
      rememberLearner(signedIn);
      rememberChoices({ lang, scene: sceneName });
      this.#open(signedIn);
    } catch (error) {
      const reason = error instanceof ApiError ? error.message : this.t("error.generic");
      this.store.update({ entering: false, signInError: this.t("signin.failed", { reason }) });
    }
  }

  #open(signedIn: SignedIn): void {
    const { lang, sceneName, scenes } = this.store.state;
    const scene = scenes.find((s) => s.name === sceneName);
    if (!scene) return;
    const session = new SceneSession({
      token: signedIn.token,
      scene: scene.name,
      lang,
      onStatus: (status) => this.#status(status),
      onJoin: (room, rejoined) => {
        this.#world?.attach(room);
        room.onStateChange(() => {
          this.#rosterSoon(room);
          this.#roleplay?.synced(room);
        });
        if (rejoined) this.#tutor?.rejoined();
      },
    });
    this.#session = session;
    this.#tutor = new TutorController(this.store, session, signedIn.token, this.t);
    this.#roleplay = new RoleplayController(this.store, session);
    session.on("chat", (message) => this.store.update((state) => ({ chat: [...state.chat, message].slice(-CHAT_KEPT) })));
    session.on("chat:removed", ({ id }) => this.store.update((state) => ({ chat: state.chat.filter((line) => line.id !== id) })));
    session.on("moderation", (notice) => this.store.update({ flash: `${notice.message} ${notice.reason}` }));
    this.#world = new World(this.canvas, scene, {
      move: (move) => session.send("move", move),
      nearTutor: (near) => this.#nearTutor(near),
      talk: () => this.talk(),
    }, this.t("hud.tutor"));
    this.store.update({ phase: "scene", entering: false, scene, chat: [], remembered: signedIn });
    document.documentElement.lang = lang;
    void session.start();
    void this.#loadProgress(signedIn.token, scene.lessonId);
  }

  async #loadProgress(token: string, lessonId: string | undefined): Promise<void> {
    const body = await fetchProgress(token).catch(() => undefined);
    if (!body) return;
    const resumable = lessonId !== undefined && body.progress.some((p) => p.lessonId === lessonId && p.status === "in_progress");
    this.store.update({ resumable, reviews: body.reviews.filter((item) => item.isDue) });
  }

  #status(connection: ConnectionStatus): void {
    const wasDown = this.store.state.connection.kind !== "connected" && this.store.state.connection.kind !== "connecting";
    this.store.update({ connection, ...(connection.kind === "connected" && (connection.resumed || wasDown) ? { flash: this.t("conn.back") } : {}) });
    if (connection.kind === "signedOut") {
      this.forget();
      void this.leave();
    }
  }

  /** The roster follows the state at most a few times a second; the canvas shows the motion. */
  #rosterSoon(room: SceneRoom): void {
    if (this.#rosterTimer !== undefined) return;
    this.#rosterTimer = setTimeout(() => {
      this.#rosterTimer = undefined;
      if (this.#session?.room !== room) return;
      const roster: RosterEntry[] = [];
      room.state.avatars.forEach((a, sessionId) => {
        roster.push({ sessionId, name: a.name, x: Math.round(a.x * 10) / 10, y: Math.round(a.y * 10) / 10, self: sessionId === room.sessionId, connected: a.connected });
      });
      if (JSON.stringify(roster) !== JSON.stringify(this.store.state.roster)) this.store.update({ roster });
    }, ROSTER_MS);
  }

  #nearTutor(near: boolean): void {
    this.store.update({ nearNpc: near });
    if (!near) this.#leftTutor = true;
    else if (this.#leftTutor && !this.store.state.tutor.open) this.talk();
  }

  talk(): void {
    this.#leftTutor = false;
    this.#tutor?.open();
  }

  /** Opens the panel with the learner's due reviews. */
  review(): void {
    this.#leftTutor = false;
    this.#tutor?.review();
  }

  closeTutor(): void {
    this.#tutor?.close();
    this.canvas.focus({ preventScroll: true });
  }

  chat(text: string): void {
    const message = text.trim();
    if (message) this.#session?.send("chat", { text: message });
  }

  emote(name: Emote): void {
    this.#session?.send("emote", { name });
  }

  takeOver(): void {
    void this.#session?.takeOver();
  }

  /** The lesson panel covers part of the scene; the camera keeps the learner in the rest. */
  coverRight(pixels: number): void {
    this.#world?.setCoveredRight(pixels);
  }

  async leave(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    this.#world?.destroy();
    this.#world = undefined;
    this.#tutor?.reset();
    this.#tutor = undefined;
    this.#roleplay = undefined;
    this.store.update({ phase: "signin", scene: undefined, nearNpc: false, roster: [], tutor: freshTutor(), roleplay: freshRoleplay(), connection: { kind: "connecting" } });
    await session?.leave();
  }

  #scheduleFlashEnd(): void {
    clearTimeout(this.#flashTimer);
    this.#flashTimer = setTimeout(() => this.store.update({ flash: undefined }), FLASH_MS);
  }
}

function preferredLang(): LearnerLang {
  const browser = navigator.language.slice(0, 2);
  return browser === "id" || browser === "vi" ? browser : "en";
}
