import { TutorErrorCode } from "../../../domain/tutor/tutorErrors.ts";
import type { ServerMessages } from "../../../rooms/protocol.ts";
import { fetchLesson, fetchProgress, uploadRecording } from "../net/api.ts";
import { canRecord, MAX_RECORDING_SECONDS, Recording } from "../net/recorder.ts";
import type { SceneSession } from "../net/session.ts";
import type { Translate } from "./i18n.ts";
import { freshTutor, type AppState, type TutorState } from "./state.ts";
import type { Store } from "./store.ts";

/**
 * The lesson with the scene's tutor, as the learner drives it from the panel: it sends the
 * tutor messages and turns the tutor's replies into panel state. Every prompt's audio is
 * played once when it arrives and on request; its text is always shown.
 */

const TUTOR_CODES = new Set<string>(Object.values(TutorErrorCode));

export class TutorController {
  readonly #audio = new Audio();
  #recording: Recording | undefined;
  #recordTimer: ReturnType<typeof setInterval> | undefined;
  /** The lesson was begun on this page, so a new connection resumes it. */
  #active = false;

  constructor(
    private readonly store: Store<AppState>,
    private readonly session: SceneSession,
    private readonly token: string,
    private readonly t: Translate,
  ) {
    this.#audio.preload = "auto";
    session.on("tutor:prompt", (prompt) => this.#prompted(prompt));
    session.on("tutor:feedback", (feedback) => this.#patch({ feedback, waiting: false, notice: undefined }));
    session.on("tutor:hint", (hint) => this.#patch({ hints: [...this.#tutor.hints.filter((h) => h.ko !== hint.ko), hint] }));
    session.on("tutor:busy", (busy) => this.#patch({ notice: busy.message }));
    session.on("tutor:done", (done) => this.#finished(done));
    session.on("tutor:review_done", (reviewed) => this.#reviewed(reviewed));
    session.on("error", (error) => this.#failed(error));
    if (!store.state.features.voiceAnswers) this.#patch({ voiceNote: t("tutor.noVoice") });
    else if (!canRecord()) this.#patch({ voiceNote: t("tutor.noMic") });
  }

  get #tutor(): TutorState {
    return this.store.state.tutor;
  }

  #patch(change: Partial<TutorState>): void {
    this.store.update((state) => ({ tutor: { ...state.tutor, ...change } }));
  }

  /** Opens the panel and starts (or resumes) the scene's lesson. */
  open(): void {
    if (this.#tutor.open && this.#active) return;
    this.#patch({ open: true, done: undefined, notice: undefined });
    this.#start();
  }

  close(): void {
    this.#audio.pause();
    this.#patch({ open: false });
  }

  /** A new connection: the lesson begun before goes on where it was (the server keeps the progress). */
  rejoined(): void {
    if (this.#active && !this.#tutor.done) this.#start();
  }

  /** After reviews with no lesson under way: the scene's lesson. */
  startLesson(): void {
    this.#patch({ reviewed: undefined, feedback: undefined });
    this.#start();
  }

  #start(): void {
    this.#active = true;
    this.#patch({ waiting: true });
    this.session.send("tutor:start", {});
    const lessonId = this.store.state.scene?.lessonId;
    if (lessonId && !this.#tutor.lesson) {
      fetchLesson(lessonId).then(
        (lesson) => this.#patch({ lesson }),
        () => undefined,
      );
    }
  }

  /** Asks for the learner's due reviews now (the lesson under way, if any, goes on after them). */
  review(): void {
    this.#active = true;
    this.#patch({ open: true, done: undefined, reviewed: undefined, notice: undefined, waiting: true });
    this.session.send("tutor:review", {});
  }

  answer(text: string): void {
    const answer = text.trim();
    if (!answer || this.#tutor.waiting) return;
    this.#patch({ answered: answer, waiting: true, notice: undefined, reviewed: undefined });
    this.session.send("tutor:answer", { text: answer });
  }

  choose(index: number): void {
    if (this.#tutor.waiting) return;
    const prompt = this.#tutor.prompt;
    this.#patch({ answered: prompt?.choices?.[index] ?? prompt?.choiceTranslations?.[index], waiting: true, notice: undefined });
    this.session.send("tutor:choose", { index });
  }

  hint(): void {
    this.session.send("tutor:hint", {});
  }

  skip(): void {
    if (this.#tutor.waiting) return;
    this.#patch({ answered: undefined, waiting: true });
    this.session.send("tutor:skip", {});
  }

  /** Plays the tutor's current line again (the server's audio, or asks for the prompt again). */
  replay(): void {
    const url = this.#tutor.prompt?.audioUrl;
    if (url) this.#play(url);
    else this.session.send("tutor:repeat", {});
  }

  #play(url: string): void {
    this.#audio.src = url;
    // Autoplay may be refused until the learner has interacted; the replay button is there.
    this.#audio.play().catch(() => undefined);
  }

  #prompted(prompt: ServerMessages["tutor:prompt"]): void {
    const fresh = prompt.activityId !== this.#tutor.prompt?.activityId;
    this.#patch({ prompt, waiting: false, notice: undefined, done: undefined, ...(fresh ? { hints: [] } : {}) });
    this.#active = true;
    if (prompt.audioUrl && this.#tutor.open && (fresh || prompt.attempt === 1)) this.#play(prompt.audioUrl);
  }

  /** The reviews are over: what the tutor said stays in view, and the list of due items is read again. */
  #reviewed(reviewed: ServerMessages["tutor:review_done"]): void {
    this.#patch({ reviewed, waiting: false, prompt: undefined, feedback: reviewed.reviewed > 0 ? this.#tutor.feedback : undefined });
    fetchProgress(this.token).then(
      (body) => this.store.update({ reviews: body.reviews.filter((item) => item.isDue) }),
      () => undefined,
    );
  }

  #finished(done: ServerMessages["tutor:done"]): void {
    this.#active = false;
    this.#patch({ done, waiting: false, prompt: undefined });
  }

  #failed(error: ServerMessages["error"]): void {
    if (!TUTOR_CODES.has(error.code)) {
      this.store.update({ flash: error.message });
      return;
    }
    const voice = error.code === TutorErrorCode.VOICE_UNAVAILABLE;
    this.#patch({ notice: error.message, waiting: false, voice: "idle", ...(voice ? { voiceNote: error.message } : {}) });
  }

  /** Starts recording, or stops and sends the recording as the answer. */
  async toggleRecording(): Promise<void> {
    if (this.#tutor.voice === "recording") return this.#sendRecording();
    if (this.#tutor.voice !== "idle" || this.#tutor.waiting || this.#tutor.voiceNote) return;
    try {
      this.#recording = await Recording.start();
    } catch {
      this.#patch({ voiceNote: this.t("tutor.noMic") });
      return;
    }
    const started = Date.now();
    this.#patch({ voice: "recording", recordSeconds: 0, notice: undefined });
    this.#recordTimer = setInterval(() => {
      const seconds = Math.floor((Date.now() - started) / 1000);
      if (seconds >= MAX_RECORDING_SECONDS) void this.#sendRecording();
      else this.#patch({ recordSeconds: seconds });
    }, 250);
  }

  async #sendRecording(): Promise<void> {
    clearInterval(this.#recordTimer);
    const recording = this.#recording;
    this.#recording = undefined;
    if (!recording) return;
    this.#patch({ voice: "uploading", waiting: true, answered: undefined });
    try {
      const uploaded = await uploadRecording(this.token, await recording.stop());
      this.session.send("tutor:audio", { audioId: uploaded.audioId });
      this.#patch({ voice: "idle" });
    } catch (error) {
      const message = error instanceof Error ? error.message : this.t("error.generic");
      this.#patch({ voice: "idle", waiting: false, notice: message });
    }
  }

  /** Leaves the lesson panel as new (a new scene or learner). */
  reset(): void {
    this.#active = false;
    this.#audio.pause();
    this.store.update({ tutor: { ...freshTutor(), voiceNote: this.#tutor.voiceNote } });
  }
}
