import { seqOf } from "./walker.ts";

/**
 * Patch latency: the time from a bot sending a move to another client of the same process
 * seeing it in the room's state. Senders record when each sequence number left; observers
 * look up the sequence number they see in a mover's facing.
 */
export class LatencyProbe {
  readonly #sent = new Map<string, Float64Array>();
  readonly #seen = new Map<string, number>();
  readonly samples: number[] = [];

  sent(mover: string, seq: number, at: number): void {
    let times = this.#sent.get(mover);
    if (!times) this.#sent.set(mover, (times = new Float64Array(100)));
    times[seq] = at;
  }

  /** An observer saw `mover` with this facing; records a sample the first time each move is seen. */
  saw(mover: string, facing: number, at: number): void {
    const times = this.#sent.get(mover);
    if (!times) return;
    const seq = seqOf(facing);
    const sentAt = times[seq]!;
    if (sentAt === 0 || this.#seen.get(mover) === seq) return;
    this.#seen.set(mover, seq);
    const latency = at - sentAt;
    if (latency >= 0 && latency < 5_000) this.samples.push(latency);
  }

  tracks(mover: string): boolean {
    return this.#sent.has(mover);
  }

  drain(): number[] {
    return this.samples.splice(0, this.samples.length);
  }
}
