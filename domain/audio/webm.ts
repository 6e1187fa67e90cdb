/**
 * A WebM (Matroska) walk that checks every element it reads fits in the file, and measures
 * the duration from the last block's timestamp: browsers' MediaRecorder writes live-style
 * files with unknown sizes and no Duration element, so the header alone says neither.
 */

const SEGMENT = 0x18538067;
const CLUSTER = 0x1f43b675;
const TIMECODE = 0xe7;
const SIMPLE_BLOCK = 0xa3;
const BLOCK_GROUP = 0xa0;
const BLOCK = 0xa1;
const INFO = 0x1549a966;
const TIMECODE_SCALE = 0x2ad7b1;
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

function readUint(buffer: Buffer, offset: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i += 1) value = value * 256 + buffer[offset + i]!;
  return value;
}

export type WebmCheck = { ok: true; durationMs: number } | { ok: false; problem: "not_webm" | "truncated" };

interface Walk {
  timecodeScale: number;
  clusterTime: number;
  lastBlockTime: number;
}

/** Walks the children of [start, end); false when an element does not fit. */
function walk(buffer: Buffer, start: number, end: number, state: Walk): boolean {
  let offset = start;
  while (offset < end) {
    const id = readVint(buffer, offset, true);
    const size = id && readVint(buffer, offset + id.length, false);
    if (!id || !size) return false;
    const body = offset + id.length + size.length;
    const bodyEnd = size.unknown ? end : body + size.value;
    if (bodyEnd > end) return false;
    if (id.value === SEGMENT || id.value === CLUSTER || id.value === INFO || id.value === BLOCK_GROUP) {
      if (!walk(buffer, body, bodyEnd, state)) return false;
    } else if (id.value === TIMECODE) {
      state.clusterTime = readUint(buffer, body, size.value);
    } else if (id.value === TIMECODE_SCALE) {
      state.timecodeScale = readUint(buffer, body, size.value);
    } else if (id.value === SIMPLE_BLOCK || id.value === BLOCK) {
      const track = readVint(buffer, body, false);
      if (!track || size.value < track.length + 3) return false;
      state.lastBlockTime = state.clusterTime + buffer.readInt16BE(body + track.length);
    }
    offset = bodyEnd;
  }
  return true;
}

export function checkWebm(buffer: Buffer): WebmCheck {
  if (buffer.length < 4 || buffer.readUInt32BE(0) !== EBML) return { ok: false, problem: "not_webm" };
  const state: Walk = { timecodeScale: 1_000_000, clusterTime: 0, lastBlockTime: -1 };
  if (!walk(buffer, 0, buffer.length, state) || state.lastBlockTime < 0) return { ok: false, problem: "truncated" };
  // Add one typical Opus frame (20 ms) for the last block's own length.
  return { ok: true, durationMs: Math.round((state.lastBlockTime * state.timecodeScale) / 1e6) + 20 };
}
