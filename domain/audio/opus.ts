/**
 * How much audio an Opus packet holds, read from its table-of-contents byte (RFC 6716,
 * section 3.1): the encoder's configuration fixes the frame size, the frame-count code
 * the number of frames. This is what a decoder will play, whatever a container claims.
 */

/** Samples at 48 kHz (Opus's clock) per frame, by configuration number (0-31). */
function frameSamples(config: number): number {
  if (config < 12) return [480, 960, 1_920, 2_880][config % 4]!; // SILK: 10, 20, 40, 60 ms
  if (config < 16) return [480, 960][config % 2]!; // hybrid: 10, 20 ms
  return [120, 240, 480, 960][config % 4]!; // CELT: 2.5, 5, 10, 20 ms
}

/** A packet never holds more than 120 ms. */
const MAX_PACKET_SAMPLES = 5_760;

/** Samples at 48 kHz in one packet; 0 for an empty (lost) packet; undefined if it is not Opus. */
export function opusPacketSamples(packet: Uint8Array): number | undefined {
  const toc = packet[0];
  if (toc === undefined) return 0;
  const code = toc & 0x03;
  const frames = code === 0 ? 1 : code < 3 ? 2 : (packet[1] ?? 0) & 0x3f;
  const samples = frames * frameSamples(toc >> 3);
  return frames > 0 && samples <= MAX_PACKET_SAMPLES ? samples : undefined;
}

export const OPUS_SAMPLES_PER_MS = 48;
