import type { Client } from "@colyseus/core";
import { inspectRecording } from "../domain/audio/inspectRecording.ts";
import type { Position } from "../domain/lessons/lessonEngine.ts";
import type { Listener } from "../services/ai/createAiServices.ts";
import type { UsageEntry } from "../services/ai/usage/UsageRecorder.ts";
import type { RecordingStore } from "../services/audio/RecordingStore.ts";
import type { Logger } from "../services/logger.ts";
import type { ObjectStore } from "../services/storage/ObjectStore.ts";
import { TutorErrorCode } from "./protocol.ts";
import type { TurnRunner, TutorLearner } from "./TurnRunner.ts";

export interface VoiceDeps {
  recordings: RecordingStore;
  store: ObjectStore;
  /** Speech recognition; undefined when voice answers are unavailable. */
  listener: Listener | undefined;
  audioLimits: { maxDurationMs: number };
  logger: Logger;
}

/**
 * A spoken answer: the learner uploaded a recording over HTTP and names it here. Only the
 * owner's unexpired recordings are heard; the transcript is then evaluated exactly like a
 * typed answer, and the feedback carries it.
 */
export class VoiceAnswers {
  readonly #deps: VoiceDeps;
  readonly #turns: TurnRunner;
  readonly #fail: (client: Client, learner: TutorLearner, code: TutorErrorCode) => void;

  constructor(deps: VoiceDeps, turns: TurnRunner, fail: (client: Client, learner: TutorLearner, code: TutorErrorCode) => void) {
    this.#deps = deps;
    this.#turns = turns;
    this.#fail = fail;
  }

  get available(): boolean {
    return this.#deps.listener !== undefined;
  }

  /** Hears the recording and runs the turn; the learner is busy until it is done. */
  async answer(client: Client, learner: TutorLearner, position: Position, audioId: string): Promise<void> {
    const listener = this.#deps.listener;
    if (!listener) return this.#fail(client, learner, TutorErrorCode.VOICE_UNAVAILABLE);
    learner.busy = true;
    learner.state.status = "evaluating";
    let handedOver = false;
    try {
      const heard = await this.#hear(learner, audioId, listener);
      if (heard.kind === "failed") return this.#fail(client, learner, heard.code);
      handedOver = true;
      this.#turns.run(learner, position, { text: heard.text, spoken: true }, { transcript: heard.text, usage: heard.usage });
    } catch (error) {
      this.#deps.logger.warn({ err: error, userId: learner.userId }, "voice answer failed");
      this.#fail(client, learner, TutorErrorCode.VOICE_UNAVAILABLE);
    } finally {
      if (!handedOver) {
        learner.busy = false;
        learner.state.status = "prompting";
      }
    }
  }

  async #hear(
    learner: TutorLearner,
    audioId: string,
    listener: Listener,
  ): Promise<{ kind: "heard"; text: string; usage: UsageEntry[] } | { kind: "failed"; code: TutorErrorCode }> {
    const recording = await this.#deps.recordings.findOwned(audioId, learner.userId);
    const object = recording && (await this.#deps.store.get(recording.objectKey));
    if (!recording || !object) return { kind: "failed", code: TutorErrorCode.AUDIO_NOT_FOUND };
    const inspected = await inspectRecording(object.body, recording.mimeType, this.#deps.audioLimits);
    if (!inspected.ok) return { kind: "failed", code: TutorErrorCode.AUDIO_NOT_FOUND };
    const usage: UsageEntry[] = [];
    const outcome = await listener.policy.run((signal) => listener.recognizer.transcribe(object.body, inspected.info, signal), {
      timeoutMs: listener.budgetMs,
      onUsage: (entry) => usage.push(entry),
      sessionId: learner.sessionRowId,
    });
    if (!outcome.ok) {
      this.#turns.recordUsage(usage);
      return { kind: "failed", code: TutorErrorCode.VOICE_UNAVAILABLE };
    }
    if (outcome.value.text === "") {
      this.#turns.recordUsage(usage);
      return { kind: "failed", code: TutorErrorCode.AUDIO_UNINTELLIGIBLE };
    }
    return { kind: "heard", text: outcome.value.text, usage };
  }
}
