/**
 * RIFF/WAVE structure checks: every chunk fits in the file, the PCM format is usable, and the
 * header agrees with itself. The length is the number of sample frames in the data chunk
 * divided by the sample rate: the header's byte rate is a derived field a client can set to
 * anything, so it is checked, never used.
 */

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationMs: number;
}

export type WavCheck = { ok: true; info: WavInfo } | { ok: false; problem: "not_wav" | "truncated" | "unsupported" | "malformed" };

/** What speech recognition takes (LINEAR16 at 8 to 48 kHz). */
const SAMPLE_RATES = { min: 8_000, max: 48_000 };

interface Format {
  code: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bits: number;
}

type Chunks = { ok: true; format: Format | undefined; dataBytes: number | undefined } | { ok: false; problem: "truncated" | "malformed" };

function readFormat(buffer: Buffer, body: number): Format {
  return {
    code: buffer.readUInt16LE(body),
    channels: buffer.readUInt16LE(body + 2),
    sampleRate: buffer.readUInt32LE(body + 4),
    byteRate: buffer.readUInt32LE(body + 8),
    blockAlign: buffer.readUInt16LE(body + 12),
    bits: buffer.readUInt16LE(body + 14),
  };
}

/** Walks the chunks after the RIFF header; a second format or data chunk is refused. */
function readChunks(buffer: Buffer): Chunks {
  let offset = 12;
  let format: Format | undefined;
  let dataBytes: number | undefined;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString("ascii", offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (body + size > buffer.length) return { ok: false, problem: "truncated" };
    if (id === "fmt " || id === "data") {
      if ((id === "fmt " ? format : dataBytes) !== undefined) return { ok: false, problem: "malformed" };
      if (id === "fmt " && size < 16) return { ok: false, problem: "malformed" };
      if (id === "fmt ") format = readFormat(buffer, body);
      else dataBytes = size;
    }
    offset = body + size + (size % 2);
  }
  return { ok: true, format, dataBytes };
}

/** A header whose fields contradict each other, or describe no playable audio. */
function isAbsurd(format: Format, dataBytes: number): boolean {
  const frameBytes = format.channels * (format.bits / 8);
  return (
    format.sampleRate < SAMPLE_RATES.min ||
    format.sampleRate > SAMPLE_RATES.max ||
    format.blockAlign !== frameBytes ||
    format.byteRate !== format.sampleRate * frameBytes ||
    dataBytes % frameBytes !== 0
  );
}

export function checkWav(buffer: Buffer): WavCheck {
  if (buffer.length < 12 || buffer.toString("ascii", 0, 4) !== "RIFF" || buffer.toString("ascii", 8, 12) !== "WAVE") {
    return { ok: false, problem: "not_wav" };
  }
  if (buffer.readUInt32LE(4) + 8 > buffer.length) return { ok: false, problem: "truncated" };
  const chunks = readChunks(buffer);
  if (!chunks.ok) return chunks;
  const { format, dataBytes } = chunks;
  if (!format || dataBytes === undefined) return { ok: false, problem: "truncated" };
  // LINEAR16 is what speech recognition takes: 16-bit PCM, 1 or 2 channels.
  if (format.code !== 1 || format.bits !== 16 || format.channels < 1 || format.channels > 2) {
    return { ok: false, problem: "unsupported" };
  }
  if (isAbsurd(format, dataBytes)) return { ok: false, problem: "malformed" };
  const frames = dataBytes / format.blockAlign;
  return {
    ok: true,
    info: { sampleRate: format.sampleRate, channels: format.channels, bitsPerSample: format.bits, durationMs: Math.round((frames / format.sampleRate) * 1000) },
  };
}
