import { spawn } from "node:child_process";
import type { ProviderCall } from "../policy/ProviderPolicy.ts";
import { ProviderCallError } from "../policy/aiErrors.ts";
import type { SpeechSynthesizer, SynthesizedAudio } from "./SpeechSynthesizer.ts";

const MAX_AUDIO_BYTES = 20 * 1024 * 1024;

/**
 * eSpeak NG's Korean voice, run as a child process: offline, fast (tens of milliseconds),
 * robotic. The text goes in on stdin, never on the command line, so nothing in it can be
 * read as an option or reach a shell.
 */
export class EspeakSynthesizer implements SpeechSynthesizer {
  readonly name = "espeak";
  readonly voice: string;
  readonly extension = "wav" as const;
  readonly #binary: string;

  constructor(voice = "ko", binary = "espeak-ng") {
    this.voice = voice;
    this.#binary = binary;
  }

  synthesize(text: string, signal: AbortSignal): Promise<ProviderCall<SynthesizedAudio>> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.#binary, ["-v", this.voice, "-b", "1", "--stdin", "--stdout"], { stdio: ["pipe", "pipe", "pipe"], signal });
      const chunks: Buffer[] = [];
      let size = 0;
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_AUDIO_BYTES) child.kill("SIGKILL");
        else chunks.push(chunk);
      });
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()).slice(0, 500));
      child.on("error", (error: NodeJS.ErrnoException) => {
        reject(error.code === "ENOENT" ? new ProviderCallError("not_installed", false, `${this.#binary} is not installed`) : error);
      });
      child.on("close", (code) => {
        if (code !== 0 || size > MAX_AUDIO_BYTES) {
          reject(new ProviderCallError(`exit_${code}`, false, `espeak-ng failed: ${stderr.trim().slice(0, 200)}`));
          return;
        }
        const audio = fixWavSizes(Buffer.concat(chunks));
        resolve({
          value: { audio, contentType: "audio/wav", extension: "wav" },
          usage: { characters: [...text].length, audioDurationMs: wavDurationMs(audio) },
          modelId: `espeak-ng/${this.voice}`,
        });
      });
      child.stdin.on("error", () => {});
      child.stdin.end(text);
    });
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
