import type { Client, Room } from "@colyseus/core";
import type { Metrics } from "../services/metrics/Metrics.ts";
import { ErrorCode, type ServerMessages } from "./protocol.ts";

/** Every server -> client message goes through these, so its payload is the one protocol.ts gives its name. */

export type ServerMessage = { [K in keyof ServerMessages]: { type: K; payload: ServerMessages[K] } }[keyof ServerMessages];

export function send<K extends keyof ServerMessages>(client: Client, type: K, payload: ServerMessages[K]): void {
  client.send(type, payload);
}

export function sendMessage(client: Client, message: ServerMessage): void {
  client.send(message.type, message.payload);
}

export function broadcast<K extends keyof ServerMessages>(room: Room, type: K, payload: ServerMessages[K]): void {
  room.broadcast(type, payload);
}

/** A failure on our side: the client hears that much, never what it was. */
export function sendInternalError(client: Client): void {
  send(client, "error", { code: ErrorCode.INTERNAL, message: "Something went wrong; please try again." });
}

/** Counts every frame sent to this client in the metrics (all sends go through `raw`). */
export function countBytesSent(client: Client, metrics: Metrics): void {
  const raw = client.raw.bind(client);
  client.raw = (data: Uint8Array | Buffer, options?: unknown, cb?: (error?: Error) => void) => {
    metrics.sent(data.length);
    return raw(data, options as never, cb);
  };
}
