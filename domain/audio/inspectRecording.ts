import { parseBuffer } from "music-metadata";
import { checkMp3 } from "./mp3.ts";
import { checkOgg } from "./ogg.ts";
import { checkWav } from "./wav.ts";
import { checkWebm } from "./webm.ts";

/**
 * What a learner's recording really is, read from its bytes: the container and codec, that
 * it is whole (not cut off), and how long it lasts, counted from its samples or its frames
 * (never from a header field). The declared content type must agree.
 */

export type Container = "wav" | "webm" | "ogg" | "mp3";

export interface RecordingInfo {
  container: Container;
  codec: "pcm" | "opus" | "mp3";
  sampleRateHertz: number;
  channels: number;
  durationMs: number;
  mimeType: string;
}

export type RecordingProblem = "not_audio" | "mislabelled" | "unsupported" | "truncated" | "malformed" | "too_long" | "too_short";

export type Inspection = { ok: true; info: RecordingInfo } | { ok: false; problem: RecordingProblem };

const MIME_TYPES: Record<Container, string> = { wav: "audio/wav", webm: "audio/webm", ogg: "audio/ogg", mp3: "audio/mpeg" };

/** Content types clients send for each container. */
const DECLARED: Record<string, Container> = {
  "audio/wav": "wav",
  "audio/wave": "wav",
  "audio/x-wav": "wav",
  "audio/vnd.wave": "wav",
  "audio/webm": "webm",
  "video/webm": "webm",
  "audio/ogg": "ogg",
  "audio/opus": "ogg",
  "application/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
};

export const ACCEPTED_CONTENT_TYPES: readonly string[] = Object.keys(DECLARED);

/** The container a content type names (`audio/webm;codecs=opus` -> webm), if we take it. */
export function containerFor(contentType: string | undefined): Container | undefined {
  const essence = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return DECLARED[essence];
}

function sniff(buffer: Buffer): Container | undefined {
  if (buffer.length < 12) return undefined;
  if (buffer.toString("ascii", 0, 4) === "RIFF" && buffer.toString("ascii", 8, 12) === "WAVE") return "wav";
  if (buffer.readUInt32BE(0) === 0x1a45dfa3) return "webm";
  if (buffer.toString("ascii", 0, 4) === "OggS") return "ogg";
  if (buffer.toString("latin1", 0, 3) === "ID3" || (buffer[0] === 0xff && (buffer[1]! & 0xe0) === 0xe0)) return "mp3";
  return undefined;
}

type Measured = { ok: true; info: Omit<RecordingInfo, "container" | "mimeType"> } | { ok: false; problem: RecordingProblem };

type ContainerProblem = "not_wav" | "not_mp3" | "not_ogg" | "not_webm" | "truncated" | "unsupported" | "malformed";

/** Each container's own "this is not me" becomes not_audio; its other problems pass through. */
function failed(problem: ContainerProblem): Measured {
  return { ok: false, problem: problem === "truncated" || problem === "unsupported" || problem === "malformed" ? problem : "not_audio" };
}

function measure(container: Exclude<Container, "webm">, buffer: Buffer): Measured {
  if (container === "wav") {
    const wav = checkWav(buffer);
    if (!wav.ok) return failed(wav.problem);
    return { ok: true, info: { codec: "pcm", sampleRateHertz: wav.info.sampleRate, channels: wav.info.channels, durationMs: wav.info.durationMs } };
  }
  if (container === "mp3") {
    const mp3 = checkMp3(buffer);
    if (!mp3.ok) return failed(mp3.problem);
    return { ok: true, info: { codec: "mp3", sampleRateHertz: mp3.sampleRate, channels: mp3.channels, durationMs: mp3.durationMs } };
  }
  const ogg = checkOgg(buffer);
  if (!ogg.ok) return failed(ogg.problem);
  return { ok: true, info: { codec: "opus", sampleRateHertz: ogg.sampleRate, channels: ogg.channels, durationMs: ogg.durationMs } };
}

async function measureWebm(buffer: Buffer): Promise<Measured> {
  let metadata;
  try {
    metadata = await parseBuffer(buffer, { mimeType: MIME_TYPES.webm, size: buffer.length }, { duration: false, skipCovers: true });
  } catch {
    return { ok: false, problem: "not_audio" };
  }
  const { codec, sampleRate, numberOfChannels } = metadata.format;
  if (!codec || !/opus/i.test(codec)) return { ok: false, problem: "unsupported" };
  const webm = checkWebm(buffer);
  if (!webm.ok) return failed(webm.problem);
  return { ok: true, info: { codec: "opus", sampleRateHertz: sampleRate ?? 48_000, channels: numberOfChannels ?? 1, durationMs: webm.durationMs } };
}

export interface InspectionLimits {
  maxDurationMs: number;
  /** Shorter than this holds no answer. */
  minDurationMs?: number;
}

export async function inspectRecording(buffer: Buffer, declaredType: string | undefined, limits: InspectionLimits): Promise<Inspection> {
  const container = sniff(buffer);
  if (!container) return { ok: false, problem: "not_audio" };
  const declared = containerFor(declaredType);
  if (declared !== undefined && declared !== container) return { ok: false, problem: "mislabelled" };
  const measured = container === "webm" ? await measureWebm(buffer) : measure(container, buffer);
  if (!measured.ok) return measured;
  if (measured.info.durationMs > limits.maxDurationMs) return { ok: false, problem: "too_long" };
  if (measured.info.durationMs < (limits.minDurationMs ?? 200)) return { ok: false, problem: "too_short" };
  return { ok: true, info: { ...measured.info, container, mimeType: MIME_TYPES[container] } };
}
