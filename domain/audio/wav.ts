/** RIFF/WAVE structure checks: every chunk fits in the file, and the PCM format is usable. */

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationMs: number;
}

export type WavCheck = { ok: true; info: WavInfo } | { ok: false; problem: "not_wav" | "truncated" | "unsupported" };

export function checkWav(buffer: Buffer): WavCheck {
  if (buffer.length < 12 || buffer.toString("ascii", 0, 4) !== "RIFF" || buffer.toString("ascii", 8, 12) !== "WAVE") {
    return { ok: false, problem: "not_wav" };
  }
  if (buffer.readUInt32LE(4) + 8 > buffer.length) return { ok: false, problem: "truncated" };
  let offset = 12;
  let format: { code: number; channels: number; sampleRate: number; byteRate: number; bits: number } | undefined;
  let dataBytes: number | undefined;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString("ascii", offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (body + size > buffer.length) return { ok: false, problem: "truncated" };
    if (id === "fmt " && size >= 16) {
      format = {
        code: buffer.readUInt16LE(body),
        channels: buffer.readUInt16LE(body + 2),
        sampleRate: buffer.readUInt32LE(body + 4),
        byteRate: buffer.readUInt32LE(body + 8),
        bits: buffer.readUInt16LE(body + 14),
      };
    } else if (id === "data") {
      dataBytes = size;
    }
    offset = body + size + (size % 2);
  }
  if (!format || dataBytes === undefined) return { ok: false, problem: "truncated" };
  // LINEAR16 is what speech recognition takes: 16-bit PCM, 1 or 2 channels.
  if (format.code !== 1 || format.bits !== 16 || format.channels < 1 || format.channels > 2 || format.byteRate === 0) {
    return { ok: false, problem: "unsupported" };
  }
  return {
    ok: true,
    info: {
      sampleRate: format.sampleRate,
      channels: format.channels,
      bitsPerSample: format.bits,
      durationMs: Math.round((dataBytes / format.byteRate) * 1000),
    },
  };
}
