import textToSpeech from "@google-cloud/text-to-speech";
import type { ProviderCall } from "../policy/ProviderPolicy.ts";
import { googleClientOptions } from "../google/grpcOptions.ts";
import type { SpeechSynthesizer, SynthesizedAudio } from "./SpeechSynthesizer.ts";

/** Google Cloud Text-to-Speech with a Korean voice (credentials from GOOGLE_APPLICATION_CREDENTIALS). */
export class GoogleSynthesizer implements SpeechSynthesizer {
  readonly name = "google";
  readonly voice: string;
  readonly extension = "mp3" as const;
  readonly #client: InstanceType<typeof textToSpeech.TextToSpeechClient>;

  constructor(voice: string, endpoint: string | undefined, insecure: boolean) {
    this.voice = voice;
    this.#client = new textToSpeech.TextToSpeechClient(googleClientOptions(endpoint, insecure));
  }

  async synthesize(text: string, signal: AbortSignal): Promise<ProviderCall<SynthesizedAudio>> {
    const call = this.#client.synthesizeSpeech(
      { input: { text }, voice: { languageCode: "ko-KR", name: this.voice }, audioConfig: { audioEncoding: "MP3", speakingRate: 0.9 } },
      // The provider policy owns timeouts and retries; the client's defaults run to minutes.
      { timeout: 30_000, maxRetries: 0 },
    );
    signal.addEventListener("abort", () => (call as { cancel?: () => void }).cancel?.(), { once: true });
    const [response] = await call;
    const audio = Buffer.from(response.audioContent ?? new Uint8Array());
    return {
      value: { audio, contentType: "audio/mpeg", extension: "mp3" },
      usage: { characters: [...text].length },
      modelId: this.voice,
    };
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}
