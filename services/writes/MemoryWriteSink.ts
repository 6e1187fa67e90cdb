import type { WriteOp } from "./writeOps.ts";
import type { WriteSink } from "./WriteSink.ts";

/**
 * An in-memory store for queued writes, for tests and tools. It can be taken "down" (as in
 * a network outage) or made to refuse particular ops (as a database refuses bad data).
 */
export class MemoryWriteSink implements WriteSink {
  readonly applied: WriteOp[] = [];
  down = false;
  refuse: (op: WriteOp) => boolean = () => false;
  batches = 0;

  apply(batch: readonly WriteOp[]): Promise<void> {
    if (this.down) return Promise.reject(new Error("connection refused"));
    const refused = batch.find((op) => this.refuse(op));
    if (refused) return Promise.reject(new Error(`refused ${refused.kind}`));
    this.batches += 1;
    this.applied.push(...batch);
    return Promise.resolve();
  }

  isReachable(): Promise<boolean> {
    return Promise.resolve(!this.down);
  }
}
