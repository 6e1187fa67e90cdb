import type { Room } from "@colyseus/sdk";
import type { ClientMessages, ServerMessages } from "../rooms/protocol.ts";

/** The room protocol's typed ends for scripted clients: names and payloads from rooms/protocol.ts. */

export function sendTo<K extends keyof ClientMessages>(room: Room, type: K, payload: ClientMessages[K]): void {
  room.send(type, payload);
}

/** A message as data, type and payload together. */
export type ClientMessage = { [K in keyof ClientMessages]: { type: K; payload: ClientMessages[K] } }[keyof ClientMessages];

export function sendMessage(room: Room, message: ClientMessage): void {
  room.send(message.type, message.payload);
}

export function on<K extends keyof ServerMessages>(room: Room, type: K, handler: (payload: ServerMessages[K]) => void): () => void {
  return room.onMessage(type, handler);
}
