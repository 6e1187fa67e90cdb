/**
 * MPEG audio frame walk: the file is whole frames (after an ID3v2 tag, before an ID3v1 tag),
 * and its length is the sum of its frames, not what a Xing or ID3 header says.
 */

const BITRATES: Record<string, number[]> = {
  // MPEG-1 Layer III, MPEG-2/2.5 Layer III (kbit/s by index).
  "1": [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  "2": [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export type Mp3Check = { ok: true; durationMs: number; sampleRate: number; channels: number } | { ok: false; problem: "not_mp3" | "truncated" };

function id3v2Length(buffer: Buffer): number {
  if (buffer.length < 10 || buffer.toString("latin1", 0, 3) !== "ID3") return 0;
  const size = ((buffer[6]! & 0x7f) << 21) | ((buffer[7]! & 0x7f) << 14) | ((buffer[8]! & 0x7f) << 7) | (buffer[9]! & 0x7f);
  return 10 + size + (buffer[5]! & 0x10 ? 10 : 0);
}

interface Frame {
  length: number;
  samples: number;
  sampleRate: number;
  channels: number;
}

function frameAt(buffer: Buffer, offset: number): Frame | undefined {
  if (offset + 4 > buffer.length || buffer[offset] !== 0xff || (buffer[offset + 1]! & 0xe0) !== 0xe0) return undefined;
  const version = (buffer[offset + 1]! >> 3) & 0x03; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = (buffer[offset + 1]! >> 1) & 0x03; // 1: Layer III
  const bitrateIndex = buffer[offset + 2]! >> 4;
  const rateIndex = (buffer[offset + 2]! >> 2) & 0x03;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const bitrate = BITRATES[version === 3 ? "1" : "2"]![bitrateIndex]! * 1000;
  const sampleRate = SAMPLE_RATES[version]![rateIndex]!;
  const samples = version === 3 ? 1152 : 576;
  const padding = (buffer[offset + 2]! >> 1) & 0x01;
  const length = Math.floor((samples / 8) * bitrate / sampleRate) + padding;
  const channels = buffer[offset + 3]! >> 6 === 3 ? 1 : 2;
  return { length, samples, sampleRate, channels };
}

export function checkMp3(buffer: Buffer): Mp3Check {
  let offset = id3v2Length(buffer);
  const end = buffer.length >= 128 && buffer.toString("latin1", buffer.length - 128, buffer.length - 125) === "TAG" ? buffer.length - 128 : buffer.length;
  let seconds = 0;
  let first: Frame | undefined;
  while (offset < end) {
    const frame = frameAt(buffer, offset);
    if (!frame) return first ? { ok: false, problem: "truncated" } : { ok: false, problem: "not_mp3" };
    if (offset + frame.length > end) return { ok: false, problem: "truncated" };
    first ??= frame;
    // Each frame at its own rate: a stream that switches rates is played that way.
    seconds += frame.samples / frame.sampleRate;
    offset += frame.length;
  }
  if (!first) return { ok: false, problem: "not_mp3" };
  return { ok: true, durationMs: Math.round(seconds * 1000), sampleRate: first.sampleRate, channels: first.channels };
}
