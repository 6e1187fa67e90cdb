import speech from "@google-cloud/speech";
import { googleClientOptions } from "../google/grpcOptions.ts";
import type { ProviderCall } from "../policy/ProviderPolicy.ts";
import type { RecordingFormat, SpeechRecognizer, Transcript } from "./SpeechRecognizer.ts";

const ENCODINGS = { pcm: "LINEAR16", opus: "WEBM_OPUS", mp3: "MP3" } as const;

function encodingOf(format: RecordingFormat): "LINEAR16" | "WEBM_OPUS" | "OGG_OPUS" | "MP3" {
  if (format.codec === "opus") return format.container === "ogg" ? "OGG_OPUS" : "WEBM_OPUS";
  return ENCODINGS[format.codec];
}

/** Google Cloud Speech-to-Text (v1, ko-KR), for recordings from browsers and Unity. */
export class GoogleRecognizer implements SpeechRecognizer {
  readonly name = "google";
  readonly #client: InstanceType<typeof speech.SpeechClient>;

  constructor(endpoint: string | undefined, insecure: boolean) {
    this.#client = new speech.SpeechClient(googleClientOptions(endpoint, insecure));
  }

  async transcribe(audio: Buffer, format: RecordingFormat, signal: AbortSignal): Promise<ProviderCall<Transcript>> {
    const call = this.#client.recognize(
      {
        config: {
          languageCode: "ko-KR",
          encoding: encodingOf(format),
          sampleRateHertz: format.sampleRateHertz,
          audioChannelCount: format.channels,
          enableAutomaticPunctuation: false,
          maxAlternatives: 1,
        },
        audio: { content: audio },
      },
      { timeout: 60_000, maxRetries: 0 },
    );
    signal.addEventListener("abort", () => (call as { cancel?: () => void }).cancel?.(), { once: true });
    const [response] = await call;
    const best = (response.results ?? []).map((result) => result.alternatives?.[0]).filter((alt) => alt?.transcript);
    const billed = response.totalBilledTime;
    const billedMs = billed ? Number(billed.seconds ?? 0) * 1000 + Math.round(Number(billed.nanos ?? 0) / 1e6) : format.durationMs;
    return {
      value: {
        text: best.map((alt) => alt!.transcript!.trim()).join(" ").trim(),
        confidence: best.length > 0 ? Math.min(...best.map((alt) => alt!.confidence ?? 0)) : 0,
      },
      usage: { audioDurationMs: billedMs },
      modelId: "speech-v1/ko-KR",
    };
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}
