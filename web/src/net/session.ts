import { Client, MatchMakeError, type Room } from "@colyseus/sdk";
import type { LearnerLang } from "../../../domain/learners/learner.ts";
import { CloseCode, type ClientMessages, type ClientMessageType, type ServerMessages, type ServerMessageType } from "../../../rooms/protocol.ts";
import type { SceneState } from "../../../schema/SceneState.ts";
import { SERVER_URL } from "./api.ts";

/**
 * One learner's stay in a scene, across connections: it joins, lets the SDK reconnect a
 * dropped connection, and joins again when the server moves the learner (a drain, 4001) or
 * the reconnection gave up. Message handlers and the typed ends of the protocol
 * (rooms/protocol.ts) outlive each connection.
 */

export type SceneRoom = Room<unknown, SceneState>;

export type ConnectionStatus =
  | { kind: "connecting" }
  | { kind: "connected"; resumed: boolean }
  | { kind: "reconnecting" }
  /** The server is draining; `message` is its notice in the learner's language. */
  | { kind: "moving"; message: string }
  /** The learner opened the scene elsewhere; this page stays out until asked. */
  | { kind: "replaced" }
  /** The token is no longer accepted: sign in again. */
  | { kind: "signedOut"; reason: string }
  | { kind: "failed"; reason: string };

export interface SessionOptions {
  token: string;
  scene: string;
  lang: LearnerLang;
  onStatus(status: ConnectionStatus): void;
  /** Every join, first or again: the new room (state starts over). */
  onJoin(room: SceneRoom, rejoined: boolean): void;
}

type Handlers = { [K in ServerMessageType]?: Array<(payload: ServerMessages[K]) => void> };

const REJOIN_DELAYS_MS = [300, 1_000, 2_000, 3_000, 5_000];
/** Join refusals that another attempt cannot fix. */
const TOKEN_REFUSALS = ["invalid token", "token expired", "sign in first"];

export class SceneSession {
  #room: SceneRoom | undefined;
  #handlers: Handlers = {};
  #left = false;
  #attempt = 0;
  #drainNotice: string | undefined;
  /** What an operator's removal said (the `moderation` message before the 4005 close). */
  #removedNotice: string | undefined;

  constructor(private readonly options: SessionOptions) {}

  get room(): SceneRoom | undefined {
    return this.#room;
  }

  on<K extends ServerMessageType>(type: K, handler: (payload: ServerMessages[K]) => void): void {
    const list = (this.#handlers[type] ??= []) as Array<(payload: ServerMessages[K]) => void>;
    list.push(handler);
  }

  /** Sends when connected; while the SDK reconnects it holds a few messages and sends them after. */
  send<K extends ClientMessageType>(type: K, payload: ClientMessages[K]): void {
    this.#room?.send(type, payload);
  }

  async start(): Promise<void> {
    this.options.onStatus({ kind: "connecting" });
    await this.#join(false);
  }

  async leave(): Promise<void> {
    this.#left = true;
    await this.#room?.leave(true).catch(() => undefined);
  }

  async #join(rejoined: boolean): Promise<void> {
    const client = new Client(SERVER_URL);
    client.auth.token = this.options.token;
    try {
      const room = (await client.joinOrCreate(this.options.scene, { lang: this.options.lang })) as unknown as SceneRoom;
      if (this.#left) return void room.leave(true).catch(() => undefined);
      this.#attempt = 0;
      this.#drainNotice = undefined;
      this.#attach(room);
      this.options.onJoin(room, rejoined);
      this.options.onStatus({ kind: "connected", resumed: rejoined });
    } catch (error) {
      this.#joinFailed(error, rejoined);
    }
  }

  #joinFailed(error: unknown, rejoined: boolean): void {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof MatchMakeError && TOKEN_REFUSALS.some((refusal) => reason.includes(refusal))) {
      this.options.onStatus({ kind: "signedOut", reason });
      return;
    }
    // A first join refused by the server (full, rate limited) is for the learner to retry;
    // a server that cannot be reached, or a rejoin, is retried here.
    if (!rejoined && error instanceof MatchMakeError) {
      this.options.onStatus({ kind: "failed", reason });
      return;
    }
    this.#scheduleRejoin();
  }

  #scheduleRejoin(): void {
    if (this.#left) return;
    const delay = REJOIN_DELAYS_MS[Math.min(this.#attempt++, REJOIN_DELAYS_MS.length - 1)]!;
    this.options.onStatus(this.#drainNotice ? { kind: "moving", message: this.#drainNotice } : { kind: "reconnecting" });
    setTimeout(() => void this.#join(true), delay);
  }

  #attach(room: SceneRoom): void {
    this.#room = room;
    room.onMessage("*", (type, payload) => this.#dispatch(String(type) as ServerMessageType, payload));
    room.onDrop(() => this.options.onStatus({ kind: "reconnecting" }));
    room.onReconnect(() => this.options.onStatus({ kind: "connected", resumed: true }));
    room.onLeave((code) => this.#closed(room, code));
  }

  #dispatch<K extends ServerMessageType>(type: K, payload: unknown): void {
    if (type === "server:draining") {
      this.#drainNotice = (payload as ServerMessages["server:draining"]).message;
      this.options.onStatus({ kind: "moving", message: this.#drainNotice });
    }
    if (type === "moderation") {
      const notice = payload as ServerMessages["moderation"];
      if (notice.code === "removed") this.#removedNotice = `${notice.message} ${notice.reason}`;
    }
    const list: Array<(payload: ServerMessages[K]) => void> | undefined = this.#handlers[type];
    for (const handler of list ?? []) handler(payload as ServerMessages[K]);
  }

  #closed(room: SceneRoom, code: number): void {
    if (this.#room !== room) return;
    this.#room = undefined;
    if (this.#left || code === CloseCode.CONSENTED) return;
    if (code === CloseCode.SESSION_REPLACED) return this.options.onStatus({ kind: "replaced" });
    if (code === CloseCode.PROTOCOL_VIOLATION) return this.options.onStatus({ kind: "failed", reason: `closed by the server (${code})` });
    // Removed by an operator: no automatic rejoin; the notice says why.
    if (code === CloseCode.REMOVED) return this.options.onStatus({ kind: "failed", reason: this.#removedNotice ?? `closed by the server (${code})` });
    this.#scheduleRejoin();
  }

  /** After "replaced": take the scene back in this page. */
  async takeOver(): Promise<void> {
    this.options.onStatus({ kind: "connecting" });
    await this.#join(true);
  }
}
