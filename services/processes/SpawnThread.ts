import { Worker } from "node:worker_threads";

export interface SpawnRequest {
  type: "run";
  id: number;
  command: string;
  args: string[];
  input: string;
  maxBytes: number;
}

export type SpawnReply =
  | { id: number; type: "exit"; code: number | null; stdout: ArrayBuffer; stderr: string; tooLarge: boolean }
  | { id: number; type: "error"; code: string; message: string };

export interface SpawnResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  /** The output passed `maxBytes` and the process was killed. */
  tooLarge: boolean;
}

/** A process could not be started (`code` is the system's, e.g. ENOENT) or was aborted. */
export class SpawnError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SpawnError";
    this.code = code;
  }
}

/**
 * Runs short-lived commands (text in, bytes out) from a helper thread, so that starting a
 * process never blocks the game thread's event loop. The thread starts on first use and
 * never keeps the process alive.
 */
export class SpawnThread {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve: (result: SpawnResult) => void; reject: (error: Error) => void }>();

  run(command: string, args: string[], input: string, options: { signal: AbortSignal; maxBytes: number }): Promise<SpawnResult> {
    if (options.signal.aborted) return Promise.reject(new SpawnError("ABORT_ERR", "aborted before start"));
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => worker.postMessage({ type: "abort", id });
      options.signal.addEventListener("abort", onAbort, { once: true });
      const settle = () => options.signal.removeEventListener("abort", onAbort);
      this.#waiting.set(id, {
        resolve: (result) => (settle(), resolve(result)),
        reject: (error) => (settle(), reject(error)),
      });
      worker.postMessage({ type: "run", id, command, args, input, maxBytes: options.maxBytes } satisfies SpawnRequest);
    });
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL("./spawnWorker.ts", import.meta.url));
    worker.unref();
    worker.on("message", (reply: SpawnReply) => this.#settle(reply));
    worker.on("error", (error: unknown) =>
      this.#failAll(error instanceof Error ? error : new SpawnError("THREAD_ERROR", "the process thread failed", { cause: error })),
    );
    worker.on("exit", () => {
      this.#worker = undefined;
      this.#failAll(new SpawnError("THREAD_EXIT", "the process thread stopped"));
    });
    this.#worker = worker;
    return worker;
  }

  #settle(reply: SpawnReply): void {
    const waiting = this.#waiting.get(reply.id);
    if (!waiting) return;
    this.#waiting.delete(reply.id);
    if (reply.type === "error") waiting.reject(new SpawnError(reply.code, reply.message));
    else waiting.resolve({ code: reply.code, stdout: Buffer.from(reply.stdout), stderr: reply.stderr, tooLarge: reply.tooLarge });
  }

  #failAll(error: Error): void {
    for (const waiting of this.#waiting.values()) waiting.reject(error);
    this.#waiting.clear();
  }
}

/** The process's one helper thread for child processes. */
export const spawnThread = new SpawnThread();
