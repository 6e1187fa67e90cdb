import type { Room } from "@colyseus/sdk";

/** Resolves with the next message of `type` a room receives (or rejects after `ms`). */
export function nextMessage<T = unknown>(room: Room, type: string, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no "${type}" message within ${ms} ms`));
    }, ms);
    const off = room.onMessage(type, (payload: T) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Collects every message of `type` a room receives from now on. */
export function collect<T = unknown>(room: Room, type: string): T[] {
  const seen: T[] = [];
  room.onMessage(type, (payload: T) => seen.push(payload));
  return seen;
}

/** Resolves with the close code when the room's connection closes. */
export function leaveCode(room: Room, ms = 5_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`room did not close within ${ms} ms`)), ms);
    room.onLeave((code: number) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
