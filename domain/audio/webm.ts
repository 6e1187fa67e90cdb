import { OPUS_SAMPLES_PER_MS, opusPacketSamples } from "./opus.ts";

/**
 * A WebM (Matroska) walk that checks every element it reads fits in the file, and measures
 * the length by the Opus packets in its blocks: browsers' MediaRecorder writes live-style
 * files with unknown sizes and no Duration element, and timestamps are whatever the writer
 * put there, so neither the header nor the timestamps say how much audio there is.
 */

const SEGMENT = 0x18538067;
const CLUSTER = 0x1f43b675;
const SIMPLE_BLOCK = 0xa3;
const BLOCK_GROUP = 0xa0;
const BLOCK = 0xa1;
const EBML = 0x1a45dfa3;

interface Vint {
  value: number;
  length: number;
  unknown: boolean;
}

function readVint(buffer: Buffer, offset: number, keepMarker: boolean): Vint | undefined {
  const first = buffer[offset];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (offset + length > buffer.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === (0xff >> length);
  for (let i = 1; i < length; i += 1) {
    value = value * 256 + buffer[offset + i]!;
    allOnes &&= buffer[offset + i] === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

type WebmProblem = "not_webm" | "truncated" | "unsupported" | "malformed";

export type WebmCheck = { ok: true; durationMs: number } | { ok: false; problem: WebmProblem };

interface Walk {
  blocks: number;
  samples: number;
  track: number | undefined;
}

/** The Opus packet in a block: one track only, and no lacing (browsers write one packet a block). */
function readBlock(block: Buffer, state: Walk): WebmProblem | undefined {
  const track = readVint(block, 0, false);
  if (!track || block.length < track.length + 3) return "truncated";
  state.track ??= track.value;
  const lacing = (block[track.length + 2]! >> 1) & 0x03;
  if (track.value !== state.track || lacing !== 0) return "unsupported";
  const samples = opusPacketSamples(block.subarray(track.length + 3));
  if (samples === undefined) return "malformed";
  state.blocks += 1;
  state.samples += samples;
  return undefined;
}

/** Walks the children of [start, end); a problem when an element does not fit or a block is not Opus. */
function walk(buffer: Buffer, start: number, end: number, state: Walk): WebmProblem | undefined {
  let offset = start;
  while (offset < end) {
    const id = readVint(buffer, offset, true);
    const size = id && readVint(buffer, offset + id.length, false);
    if (!id || !size) return "truncated";
    const body = offset + id.length + size.length;
    const bodyEnd = size.unknown ? end : body + size.value;
    if (bodyEnd > end) return "truncated";
    const problem =
      id.value === SEGMENT || id.value === CLUSTER || id.value === BLOCK_GROUP
        ? walk(buffer, body, bodyEnd, state)
        : id.value === SIMPLE_BLOCK || id.value === BLOCK
          ? readBlock(buffer.subarray(body, bodyEnd), state)
          : undefined;
    if (problem) return problem;
    offset = bodyEnd;
  }
  return undefined;
}

export function checkWebm(buffer: Buffer): WebmCheck {
  if (buffer.length < 4 || buffer.readUInt32BE(0) !== EBML) return { ok: false, problem: "not_webm" };
  const state: Walk = { blocks: 0, samples: 0, track: undefined };
  const problem = walk(buffer, 0, buffer.length, state) ?? (state.blocks === 0 ? "truncated" : undefined);
  if (problem) return { ok: false, problem };
  return { ok: true, durationMs: Math.round(state.samples / OPUS_SAMPLES_PER_MS) };
}
