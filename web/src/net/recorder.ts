/**
 * A spoken answer from the microphone, as the browser records it (WebM/Opus in Chromium and
 * Firefox, Ogg/Opus where that is what MediaRecorder offers). The server reads either.
 */

const TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"];
/** Recordings stop by themselves here, well inside the server's limit. */
export const MAX_RECORDING_SECONDS = 15;

export function canRecord(): boolean {
  return typeof MediaRecorder !== "undefined" && typeof navigator.mediaDevices?.getUserMedia === "function";
}

export class Recording {
  readonly #recorder: MediaRecorder;
  readonly #chunks: Blob[] = [];
  readonly #finished: Promise<Blob>;

  private constructor(private readonly stream: MediaStream) {
    const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    this.#recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    this.#recorder.addEventListener("dataavailable", (event) => {
      if (event.data.size > 0) this.#chunks.push(event.data);
    });
    this.#finished = new Promise((resolve) => {
      this.#recorder.addEventListener("stop", () => {
        for (const track of this.stream.getTracks()) track.stop();
        resolve(new Blob(this.#chunks, { type: this.#recorder.mimeType || mimeType || "audio/webm" }));
      });
    });
    this.#recorder.start();
  }

  /** Asks for the microphone (the browser may ask the learner) and starts recording. */
  static async start(): Promise<Recording> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    return new Recording(stream);
  }

  stop(): Promise<Blob> {
    if (this.#recorder.state !== "inactive") this.#recorder.stop();
    return this.#finished;
  }
}
