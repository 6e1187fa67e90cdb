import { SpawnError, spawnThread, type SpawnThread } from "../../processes/SpawnThread.ts";
import type { ProviderCall } from "../policy/ProviderPolicy.ts";
import { ProviderCallError } from "../policy/aiErrors.ts";
import type { SpeechSynthesizer, SynthesizedAudio } from "./SpeechSynthesizer.ts";

const MAX_AUDIO_BYTES = 20 * 1024 * 1024;

/**
 * eSpeak NG's Korean voice, run as a child process (started off the game thread):
 * offline, fast (tens of milliseconds), robotic. The text goes in on stdin, never on the
 * command line, so nothing in it can be read as an option or reach a shell.
 */
export class EspeakSynthesizer implements SpeechSynthesizer {
  readonly name = "espeak";
  readonly voice: string;
  readonly extension = "wav" as const;
  readonly #binary: string;
  readonly #processes: SpawnThread;

  constructor(voice = "ko", binary = "espeak-ng", processes: SpawnThread = spawnThread) {
    this.voice = voice;
    this.#binary = binary;
    this.#processes = processes;
  }

  async synthesize(text: string, signal: AbortSignal): Promise<ProviderCall<SynthesizedAudio>> {
    const args = ["-v", this.voice, "-b", "1", "--stdin", "--stdout"];
    const result = await this.#processes.run(this.#binary, args, text, { signal, maxBytes: MAX_AUDIO_BYTES }).catch((error: unknown) => {
      throw error instanceof SpawnError && error.code === "ENOENT" ? new ProviderCallError("not_installed", false, `${this.#binary} is not installed`) : error;
    });
    if (result.code !== 0 || result.tooLarge) {
      throw new ProviderCallError(`exit_${result.code}`, false, `espeak-ng failed: ${result.stderr.trim().slice(0, 200)}`);
    }
    const audio = fixWavSizes(result.stdout);
    return {
      value: { audio, contentType: "audio/wav", extension: "wav" },
      usage: { characters: [...text].length, audioDurationMs: wavDurationMs(audio) },
      modelId: `espeak-ng/${this.voice}`,
    };
  }
}

/** espeak-ng streaming to stdout leaves placeholder sizes in the WAV header; set the real ones. */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 44 || wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE") {
    throw new ProviderCallError("bad_audio", false, "espeak-ng did not produce a WAV file");
  }
  const fixed = Buffer.from(wav);
  fixed.writeUInt32LE(fixed.length - 8, 4);
  if (fixed.toString("ascii", 36, 40) === "data") fixed.writeUInt32LE(fixed.length - 44, 40);
  return fixed;
}

export function wavDurationMs(wav: Buffer): number {
  const byteRate = wav.readUInt32LE(28);
  return byteRate > 0 ? Math.round(((wav.length - 44) / byteRate) * 1000) : 0;
}
