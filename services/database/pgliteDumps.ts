import { rm } from "node:fs/promises";
import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";

/**
 * A live copy of the embedded database, for `npm run backup` while a server has it open.
 * PGlite belongs to one process, so the server's database thread answers on a Unix socket
 * next to its PostgreSQL one (in the private data folder): each connection gets one dump,
 * PGlite's own (`dumpDataDir`, taken between queries, as its `clone()` does), preceded by a
 * JSON header line `{ ok, bytes }` or `{ ok: false, message }`.
 */

export async function serveDumps(db: PGlite, socketPath: string): Promise<net.Server> {
  await rm(socketPath, { force: true });
  const server = net.createServer((socket) => {
    socket.on("error", () => socket.destroy());
    db.dumpDataDir("gzip").then(
      async (dump) => {
        const body = Buffer.from(await dump.arrayBuffer());
        socket.write(`${JSON.stringify({ ok: true, bytes: body.length })}\n`);
        socket.end(body);
      },
      (error: unknown) => socket.end(`${JSON.stringify({ ok: false, message: error instanceof Error ? error.message : String(error) })}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  return server;
}

export type DumpAnswer = { kind: "dump"; body: Buffer } | { kind: "failed"; message: string } | { kind: "no_server" };

/** Asks the server holding the embedded database for a dump; `no_server` when none answers. */
export function requestDump(socketPath: string): Promise<DumpAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let connected = false;
    const socket = net.connect(socketPath);
    socket.once("connect", () => (connected = true));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.once("error", () => resolve(connected ? { kind: "failed", message: "the server closed the connection" } : { kind: "no_server" }));
    socket.once("end", () => resolve(parseAnswer(Buffer.concat(chunks))));
  });
}

function parseAnswer(all: Buffer): DumpAnswer {
  const newline = all.indexOf(10);
  if (newline < 0) return { kind: "failed", message: "the server sent no dump" };
  let header: { ok?: boolean; bytes?: number; message?: string };
  try {
    header = JSON.parse(all.subarray(0, newline).toString("utf8")) as typeof header;
  } catch {
    return { kind: "failed", message: "the server's answer is not a dump" };
  }
  if (!header.ok) return { kind: "failed", message: header.message ?? "the server could not dump the database" };
  const body = all.subarray(newline + 1);
  return body.length === header.bytes ? { kind: "dump", body } : { kind: "failed", message: `the dump was cut short (${body.length} of ${header.bytes} bytes)` };
}
