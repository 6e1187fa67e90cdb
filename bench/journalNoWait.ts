// Loaded into the benchmark's baseline server (`node --import ./bench/journalNoWait.ts ...`):
// the write log is written exactly as usual, but the tutor's feedback no longer waits for it,
// so the difference in feedback latency with an unmodified server is what the wait adds.
import { WriteQueue } from "../services/writes/WriteQueue.ts";

WriteQueue.prototype.durable = () => Promise.resolve(true);
