import { inspectRecording } from "../../domain/audio/inspectRecording.ts";
import { TutorErrorCode, type VoiceFailure } from "../../domain/tutor/tutorErrors.ts";
import type { Listener } from "../ai/createAiServices.ts";
import type { UsageEntry } from "../ai/usage/UsageRecorder.ts";
import type { ObjectStore } from "../storage/ObjectStore.ts";
import type { RecordingStore } from "./RecordingStore.ts";

/** What became of a recorded answer; either way, the speech-recognition calls it took. */
export type Heard =
  | { ok: true; text: string; usage: UsageEntry[] }
  | { ok: false; failure: VoiceFailure; usage: UsageEntry[] };

/**
 * Spoken answers: a learner uploads a recording over HTTP and names it in the room. Only the
 * owner's unexpired recordings are heard. Throws only when storage fails unexpectedly.
 */
export interface VoiceAnswers {
  hear(audioId: string, owner: { userId: string; sessionId: string }): Promise<Heard>;
}

export interface VoiceAnswerDeps {
  recordings: RecordingStore;
  store: ObjectStore;
  /** Speech recognition; undefined when voice answers are unavailable. */
  listener: Listener | undefined;
  maxDurationMs: number;
}

export class RecordedVoiceAnswers implements VoiceAnswers {
  readonly #deps: VoiceAnswerDeps;

  constructor(deps: VoiceAnswerDeps) {
    this.#deps = deps;
  }

  async hear(audioId: string, owner: { userId: string; sessionId: string }): Promise<Heard> {
    const { listener } = this.#deps;
    if (!listener) return { ok: false, failure: TutorErrorCode.VOICE_UNAVAILABLE, usage: [] };
    const recording = await this.#deps.recordings.findOwned(audioId, owner.userId);
    const object = recording && (await this.#deps.store.get(recording.objectKey));
    if (!recording || !object) return { ok: false, failure: TutorErrorCode.AUDIO_NOT_FOUND, usage: [] };
    // The stored row has no sample rate or channels: the recognizer needs them, so read them from the bytes.
    const inspected = await inspectRecording(object.body, recording.mimeType, { maxDurationMs: this.#deps.maxDurationMs });
    if (!inspected.ok) return { ok: false, failure: TutorErrorCode.AUDIO_NOT_FOUND, usage: [] };
    const usage: UsageEntry[] = [];
    const outcome = await listener.policy.run((signal) => listener.recognizer.transcribe(object.body, inspected.info, signal), {
      timeoutMs: listener.budgetMs,
      onUsage: (entry) => usage.push(entry),
      sessionId: owner.sessionId,
    });
    if (!outcome.ok) return { ok: false, failure: TutorErrorCode.VOICE_UNAVAILABLE, usage };
    if (outcome.value.text === "") return { ok: false, failure: TutorErrorCode.AUDIO_UNINTELLIGIBLE, usage };
    return { ok: true, text: outcome.value.text, usage };
  }
}
