import type { Room } from "@colyseus/sdk";

/**
 * Every message a room receives, queued by type from the moment the inbox is created, so a
 * test can await replies in order without racing messages that arrive in the same frame.
 */
export class Inbox {
  readonly #queues = new Map<string, unknown[]>();
  readonly #waiters = new Map<string, Array<(message: unknown) => void>>();

  constructor(room: Room) {
    room.onMessage("*", (type: string | number, message: unknown) => {
      const key = String(type);
      const waiter = this.#waiters.get(key)?.shift();
      if (waiter) waiter(message);
      else this.#queue(key).push(message);
    });
  }

  #queue(type: string): unknown[] {
    let queue = this.#queues.get(type);
    if (!queue) this.#queues.set(type, (queue = []));
    return queue;
  }

  /** The oldest unread message of `type`, waiting up to `ms` for one. */
  next<T>(type: string, ms = 5_000): Promise<T> {
    const queued = this.#queue(type);
    if (queued.length > 0) return Promise.resolve(queued.shift() as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" message within ${ms} ms`)), ms);
      const waiters = this.#waiters.get(type) ?? [];
      waiters.push((message) => {
        clearTimeout(timer);
        resolve(message as T);
      });
      this.#waiters.set(type, waiters);
    });
  }

  /** Unread messages of `type`, without waiting. */
  unread(type: string): unknown[] {
    return [...this.#queue(type)];
  }
}
