import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

/**
 * A CPU profile of one measurement window (not the whole run, whose start-up and joins would
 * drown the steady state): `start()` before the window, `stop(file)` after. The file opens
 * in Chrome DevTools or speedscope as a flame graph.
 */
export class WindowProfiler {
  #session: Session | undefined;

  async start(): Promise<void> {
    this.#session ??= new Session();
    this.#session.connect();
    await this.#session.post("Profiler.enable");
    await this.#session.post("Profiler.start");
  }

  async stop(file: string): Promise<void> {
    if (!this.#session) return;
    const { profile } = await this.#session.post("Profiler.stop");
    await writeFile(file, JSON.stringify(profile));
    this.#session.disconnect();
    this.#session = undefined;
  }
}
