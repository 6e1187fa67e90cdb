import type { WriteOp } from "./writeOps.ts";

/** Where queued writes end up. Applying a batch is all-or-nothing and safe to repeat. */
export interface WriteSink {
  apply(batch: readonly WriteOp[]): Promise<void>;
  /** Whether the store answers at all; used to tell an outage from a bad write. */
  isReachable(): Promise<boolean>;
}
