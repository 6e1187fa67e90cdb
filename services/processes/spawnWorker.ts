// The thread that starts child processes for the game thread (see SpawnThread.ts): starting
// a process copies the parent's memory map, which takes milliseconds in a large server and
// would stall every room if done on the event loop.
import { spawn } from "node:child_process";
import { parentPort } from "node:worker_threads";
import type { SpawnReply, SpawnRequest } from "./SpawnThread.ts";

const running = new Map<number, AbortController>();

function run(request: SpawnRequest): void {
  const abort = new AbortController();
  running.set(request.id, abort);
  // An aborted or unstartable process reports an error and then closes: answer once.
  const reply = (message: SpawnReply, transfer: ArrayBuffer[] = []) => {
    if (!running.delete(request.id)) return;
    parentPort!.postMessage(message, transfer);
  };
  const child = spawn(request.command, request.args, { stdio: ["pipe", "pipe", "pipe"], signal: abort.signal });
  const chunks: Buffer[] = [];
  let size = 0;
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > request.maxBytes) child.kill("SIGKILL");
    else chunks.push(chunk);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderr.length < 2_000) stderr += chunk.toString();
  });
  child.on("error", (error: NodeJS.ErrnoException) => reply({ id: request.id, type: "error", code: error.code ?? error.name, message: error.message }));
  child.on("close", (code) => {
    const stdout = Buffer.concat(chunks);
    const bytes = stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length);
    reply({ id: request.id, type: "exit", code, stdout: bytes, stderr, tooLarge: size > request.maxBytes }, [bytes]);
  });
  child.stdin.on("error", () => {});
  child.stdin.end(request.input);
}

parentPort!.on("message", (message: SpawnRequest | { type: "abort"; id: number }) => {
  if (message.type === "abort") running.get(message.id)?.abort();
  else run(message);
});
