import { OPUS_SAMPLES_PER_MS, opusPacketSamples } from "./opus.ts";

/**
 * An Ogg/Opus walk (RFC 3533, RFC 7845): every page fits in the file, the stream is one
 * logical Opus stream that reaches its last page, and the length is the sum of its packets'
 * durations. The granule position on the last page is a header field a client can set to
 * anything, so it is not used.
 */

export type OggCheck =
  | { ok: true; durationMs: number; sampleRate: number; channels: number }
  | { ok: false; problem: "not_ogg" | "truncated" | "unsupported" | "malformed" };

const HEADER_BYTES = 27;
const END_OF_STREAM = 0x04;

interface Page {
  end: number;
  serial: number;
  last: boolean;
  segments: number[];
  dataStart: number;
}

function pageAt(buffer: Buffer, offset: number): Page | "truncated" | "malformed" {
  if (offset + HEADER_BYTES > buffer.length) return "truncated";
  if (buffer.toString("latin1", offset, offset + 4) !== "OggS" || buffer[offset + 4] !== 0) return "malformed";
  const count = buffer[offset + 26]!;
  const dataStart = offset + HEADER_BYTES + count;
  if (dataStart > buffer.length) return "truncated";
  const segments = [...buffer.subarray(offset + HEADER_BYTES, dataStart)];
  const end = dataStart + segments.reduce((sum, size) => sum + size, 0);
  if (end > buffer.length) return "truncated";
  return { end, serial: buffer.readUInt32LE(offset + 14), last: (buffer[offset + 5]! & END_OF_STREAM) !== 0, segments, dataStart };
}

/** Every packet of the stream, reassembled across pages (a 255-byte segment continues one). */
function packetsOf(buffer: Buffer): { ok: true; packets: Buffer[] } | { ok: false; problem: "truncated" | "unsupported" | "malformed" } {
  const packets: Buffer[] = [];
  let partial: Buffer[] = [];
  let offset = 0;
  let serial: number | undefined;
  for (;;) {
    const page = pageAt(buffer, offset);
    if (typeof page === "string") return { ok: false, problem: page };
    serial ??= page.serial;
    if (page.serial !== serial) return { ok: false, problem: "unsupported" };
    let at = page.dataStart;
    for (const size of page.segments) {
      partial.push(buffer.subarray(at, at + size));
      at += size;
      if (size < 255) {
        packets.push(Buffer.concat(partial));
        partial = [];
      }
    }
    offset = page.end;
    if (page.last) return { ok: true, packets };
  }
}

export function checkOgg(buffer: Buffer): OggCheck {
  if (buffer.length < 4 || buffer.toString("latin1", 0, 4) !== "OggS") return { ok: false, problem: "not_ogg" };
  const walked = packetsOf(buffer);
  if (!walked.ok) return walked;
  const [head, tags, ...audio] = walked.packets;
  if (!head || head.length < 19 || head.toString("latin1", 0, 8) !== "OpusHead") return { ok: false, problem: "unsupported" };
  if (!tags || tags.toString("latin1", 0, 8) !== "OpusTags") return { ok: false, problem: "malformed" };
  let samples = 0;
  for (const packet of audio) {
    const packetSamples = opusPacketSamples(packet);
    if (packetSamples === undefined) return { ok: false, problem: "malformed" };
    samples += packetSamples;
  }
  const preSkip = head.readUInt16LE(10);
  return {
    ok: true,
    durationMs: Math.round(Math.max(0, samples - preSkip) / OPUS_SAMPLES_PER_MS),
    sampleRate: head.readUInt32LE(12) || 48_000,
    channels: head[9]!,
  };
}
