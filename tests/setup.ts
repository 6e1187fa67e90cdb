import { vi } from "vitest";

// Node prints an ExperimentalWarning when the migration engine's WebAssembly loads.
process.removeAllListeners("warning");

// A condition waited on with vi.waitFor gets as long as a loaded CI machine needs (10 s) unless
// the test says otherwise; vitest's own default of 1 s failed writes that land in 1-2 s there.
const waitFor = vi.waitFor.bind(vi);
vi.waitFor = (callback, options) => waitFor(callback, typeof options === "number" ? options : { timeout: 10_000, interval: 50, ...options });
