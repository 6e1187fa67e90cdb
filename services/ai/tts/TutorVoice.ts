import { createHash } from "node:crypto";
import type { Logger } from "../../logger.ts";
import type { ObjectStore } from "../../storage/ObjectStore.ts";
import type { ProviderPolicy } from "../policy/ProviderPolicy.ts";
import type { UsageRecorder } from "../usage/UsageRecorder.ts";
import type { SpeechSynthesizer } from "./SpeechSynthesizer.ts";

export interface TutorVoiceOptions {
  synthesizer: SpeechSynthesizer;
  policy: ProviderPolicy;
  store: ObjectStore;
  usage: UsageRecorder;
  logger: Logger;
  /** How long a prompt or feedback waits for audio before going out without it. */
  budgetMs: number;
  urlTtlSeconds: number;
}

/** Remembering every key would grow without bound; this many recent ones suffice. */
const KNOWN_KEYS_LIMIT = 20_000;
/** A synthesis the learner stopped waiting for may finish in the background for this long. */
const SYNTHESIS_TIMEOUT_MS = 15_000;

/**
 * The tutor's voice. Each line is synthesised once and kept in object storage under a hash
 * of (provider, voice, text); later requests get a signed link to the stored audio. A
 * learner never waits longer than the budget: a slow or failed synthesis means text only.
 */
export class TutorVoice {
  readonly #o: TutorVoiceOptions;
  readonly #known = new Set<string>();
  readonly #inFlight = new Map<string, Promise<boolean>>();

  constructor(options: TutorVoiceOptions) {
    this.#o = options;
  }

  keyFor(text: string): string {
    const { synthesizer } = this.#o;
    const hash = createHash("sha256").update(`${synthesizer.name}\n${synthesizer.voice}\n${text}`).digest("hex");
    return `tts/${synthesizer.name}/${hash.slice(0, 40)}.${synthesizer.extension}`;
  }

  /** A link to `text` spoken, or undefined if it cannot be had within the budget. */
  async audioUrl(text: string, waitMs: number = this.#o.budgetMs): Promise<string | undefined> {
    const key = this.keyFor(text);
    // Most lines are stored already: no budget timer for those (every prompt and feedback asks).
    const stored = this.#known.has(key) || (await withinBudget(this.#ensure(key, text), waitMs));
    return stored ? this.#o.store.signedUrl(key, this.#o.urlTtlSeconds).catch(() => undefined) : undefined;
  }

  /** Synthesises every line not stored yet, a few at a time. Meant to run in the background. */
  async presynthesize(
    texts: readonly string[],
    signal?: AbortSignal,
    concurrency = 2,
  ): Promise<{ total: number; stored: number; failed: number }> {
    const unique = [...new Set(texts)];
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < unique.length && !signal?.aborted) {
        const text = unique[next++]!;
        if (!(await this.#ensure(this.keyFor(text), text))) failed += 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const done = Math.min(next, unique.length);
    return { total: unique.length, stored: done - failed, failed };
  }

  #ensure(key: string, text: string): Promise<boolean> {
    if (this.#known.has(key)) return Promise.resolve(true);
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#fetchOrSynthesize(key, text).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #fetchOrSynthesize(key: string, text: string): Promise<boolean> {
    try {
      if (!(await this.#o.store.exists(key))) {
        const outcome = await this.#o.policy.run((signal) => this.#o.synthesizer.synthesize(text, signal), {
          timeoutMs: SYNTHESIS_TIMEOUT_MS,
          onUsage: (entry) => this.#o.usage.record(entry),
        });
        if (!outcome.ok) return false;
        await this.#o.store.put(key, outcome.value.audio, outcome.value.contentType);
      }
      if (this.#known.size >= KNOWN_KEYS_LIMIT) this.#known.clear();
      this.#known.add(key);
      return true;
    } catch (error) {
      this.#o.logger.warn({ err: error, key }, "tutor audio unavailable");
      return false;
    }
  }
}

/** The outcome of `pending`, or false if it takes longer than `waitMs`. */
async function withinBudget(pending: Promise<boolean>, waitMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), waitMs);
  });
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}
