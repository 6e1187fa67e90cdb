import type { ProviderCall } from "../policy/ProviderPolicy.ts";

export interface SynthesizedAudio {
  audio: Buffer;
  contentType: "audio/wav" | "audio/mpeg";
  extension: "wav" | "mp3";
}

/** Turns a Korean line into speech. Providers: `espeak` (offline), `google`. */
export interface SpeechSynthesizer {
  readonly name: string;
  readonly voice: string;
  /** File extension of what it produces (the cache key includes it). */
  readonly extension: "wav" | "mp3";
  synthesize(text: string, signal: AbortSignal): Promise<ProviderCall<SynthesizedAudio>>;
}
