import type { ProviderCall } from "../policy/ProviderPolicy.ts";

/** What the recognizer needs to know about a recording (read from its bytes). */
export interface RecordingFormat {
  container: "wav" | "webm" | "ogg" | "mp3";
  codec: "pcm" | "opus" | "mp3";
  sampleRateHertz: number;
  channels: number;
  durationMs: number;
}

export interface Transcript {
  text: string;
  /** 0-1, as reported by the recognizer (0 when it says nothing). */
  confidence: number;
}

/** Korean speech to text. Providers: `google`; `none` means voice answers are unavailable. */
export interface SpeechRecognizer {
  readonly name: string;
  transcribe(audio: Buffer, format: RecordingFormat, signal: AbortSignal): Promise<ProviderCall<Transcript>>;
}
