import { matchMaker } from "@colyseus/core";
import type { ModerationAction, ModerationResult } from "../domain/ops/moderation.ts";
import type { Logger } from "../services/logger.ts";
import { ROOM_NAMES } from "./protocol.ts";
import type { LiveRoleplay } from "./RoleplayAdapter.ts";
import type { RoomSnapshot } from "./RoomOps.ts";

/** A room as the operator console lists it: the matchmaker's entry, and what the room itself says. */
export interface LiveRoom extends Partial<RoomSnapshot> {
  roomId: string;
  scene: string;
  processId: string;
  clients: number;
  maxClients: number;
  locked: boolean;
  /** False when the room did not answer in time (its process is busy or gone). */
  reachable: boolean;
  /** The roleplays under way in the room (absent when it did not answer). */
  roleplays?: LiveRoleplay[];
}

export type ControlResult = ModerationResult | { ok: false; error: "no_such_room" | "room_unreachable" };

/** The rooms of the whole deployment, as operators see and act on them. */
export interface RoomControl {
  live(): Promise<LiveRoom[]>;
  moderate(roomId: string, action: ModerationAction): Promise<ControlResult>;
}

/** The rooms that can take a room call: SceneRoom's operator methods. */
interface OpsCallable {
  opsSnapshot(): RoomSnapshot;
  liveRoleplays(): LiveRoleplay[];
  moderate(action: ModerationAction): Promise<ModerationResult>;
}

const CALL_TIMEOUT_MS = 2_000;

/**
 * Through the Colyseus matchmaker: its listing covers every process sharing the presence
 * (Redis), and a remote room call reaches a room on whichever process holds it, over the
 * presence's pub/sub (in this process, a direct call).
 */
export class MatchMakerRoomControl implements RoomControl {
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  async live(): Promise<LiveRoom[]> {
    const listed = (await matchMaker.query({})).filter((room) => (ROOM_NAMES as readonly string[]).includes(room.name));
    const rooms = await Promise.all(
      listed.map(async (room): Promise<LiveRoom> => {
        const base = { roomId: room.roomId, scene: room.name, processId: room.processId, clients: room.clients, maxClients: room.maxClients, locked: room.locked ?? false };
        try {
          const [snapshot, roleplays] = await Promise.all([
            matchMaker.remoteRoomCall<OpsCallable, "opsSnapshot">(room.roomId, "opsSnapshot", [], CALL_TIMEOUT_MS),
            matchMaker.remoteRoomCall<OpsCallable, "liveRoleplays">(room.roomId, "liveRoleplays", [], CALL_TIMEOUT_MS),
          ]);
          return { ...base, ...snapshot, roleplays, reachable: true };
        } catch (error) {
          this.#logger.warn({ err: error, roomId: room.roomId }, "a room did not answer the operator console");
          return { ...base, reachable: false };
        }
      }),
    );
    return rooms.sort((a, b) => a.scene.localeCompare(b.scene) || a.roomId.localeCompare(b.roomId));
  }

  async moderate(roomId: string, action: ModerationAction): Promise<ControlResult> {
    const [room] = await matchMaker.query({ roomId });
    if (!room || !(ROOM_NAMES as readonly string[]).includes(room.name)) return { ok: false, error: "no_such_room" };
    try {
      return await matchMaker.remoteRoomCall<OpsCallable, "moderate">(roomId, "moderate", [action], CALL_TIMEOUT_MS);
    } catch (error) {
      this.#logger.warn({ err: error, roomId, action: action.action }, "a room did not take an operator action");
      return { ok: false, error: "room_unreachable" };
    }
  }
}
