import { matchMaker, ServerError, type Presence } from "@colyseus/core";
import { z } from "zod";
import type { Logger } from "../services/logger.ts";

/** The connection holding a learner's seat in a scene: its room (on any process) and session. */
export interface Seat {
  roomId: string;
  sessionId: string;
}

const seatSchema = z.object({ roomId: z.string(), sessionId: z.string() });

/** A room holding seats: closes the connection a newer one of the same learner replaces. */
export interface SeatHolder {
  /** `storeWrites`: the newer connection is on another process and reads the lesson from the database. */
  releaseSeat(sessionId: string, storeWrites: boolean): Promise<boolean>;
}

/** How long the process of a replaced connection may take to close it and store its writes. */
const RELEASE_TIMEOUT_MS = 4_000;

/** The join that lost its seat to a newer connection of the same learner. */
export function seatTaken(): ServerError {
  return new ServerError(409, "this learner joined the scene again from another connection");
}

export interface SeatClaim {
  /** This claim's number; of a learner's claims in a scene, the highest holds the seat. */
  readonly number: number;
  /** Earlier claims, whose connections are to be closed. */
  readonly earlier: ReadonlyArray<{ number: number; seat: Seat }>;
  /** A later claim exists already: another connection of the learner joined meanwhile. */
  readonly superseded: boolean;
}

/**
 * One seat per learner per scene, across every room and every process sharing the presence
 * (Redis, or the process's memory). Joining claims the seat: the claim takes a number from
 * one counter and is added to the learner's claims, and the claims are read back. However
 * claims interleave, each joiner sees every claim numbered below its own that was made
 * before it read, and any made after sees its claim: so the highest number wins, and every
 * other connection is closed, by the one that outnumbers it or by itself.
 */
export class SeatRegistry {
  readonly #presence: Presence;
  readonly #scene: string;
  readonly #logger: Logger;

  constructor(presence: Presence, scene: string, logger: Logger) {
    this.#presence = presence;
    this.#scene = scene;
    this.#logger = logger;
  }

  async claim(userId: string, seat: Seat): Promise<SeatClaim> {
    const number = await this.#presence.incr(CLAIM_COUNTER);
    await this.#presence.hset(this.#key(userId), String(number), JSON.stringify(seat));
    const claims = parseClaims(await this.#presence.hgetall(this.#key(userId)));
    return {
      number,
      earlier: claims.filter((claim) => claim.number < number),
      superseded: claims.some((claim) => claim.number > number),
    };
  }

  /**
   * Claims the seat for a joining connection and closes the learner's earlier connections in
   * the scene, wherever they are; refuses the join when a later connection of the learner has
   * claimed the seat meanwhile. Returns the claim's number.
   */
  async take(userId: string, seat: Seat): Promise<number> {
    const claim = await this.claim(userId, seat);
    if (claim.superseded) {
      await this.release(userId, claim.number);
      throw seatTaken();
    }
    await Promise.all(
      claim.earlier.map(async (earlier) => {
        await this.#close(earlier.seat);
        await this.release(userId, earlier.number);
      }),
    );
    return claim.number;
  }

  /** Has the room holding `seat` close it: this room, another, or one on another process. */
  async #close(seat: Seat): Promise<void> {
    try {
      const here = matchMaker.getLocalRoomById(seat.roomId) !== undefined;
      // Every room listens on its own channel; none does for a room whose process crashed.
      if (!here && (await this.#presence.channels(`$${seat.roomId}`)).length === 0) return;
      await matchMaker.remoteRoomCall<SeatHolder, "releaseSeat">(seat.roomId, "releaseSeat", [seat.sessionId, !here], RELEASE_TIMEOUT_MS);
    } catch (error) {
      this.#logger.warn({ err: error, roomId: seat.roomId }, "cannot close the connection a learner's new one replaces");
    }
  }

  /** The claim's connection is gone (left, replaced, or its room is). */
  async release(userId: string, number: number): Promise<void> {
    await this.#presence.hdel(this.#key(userId), String(number));
  }

  #key(userId: string): string {
    return `koto:seat:${this.#scene}:${userId}`;
  }
}

const CLAIM_COUNTER = "koto:seat:claims";

/** Claims as stored; an entry that does not parse names no seat and is left out. */
function parseClaims(stored: Record<string, string> | null): Array<{ number: number; seat: Seat }> {
  return Object.entries(stored ?? {}).flatMap(([field, value]) => {
    const number = Number(field);
    const seat = seatSchema.safeParse(safeJson(value));
    return Number.isSafeInteger(number) && seat.success ? [{ number, seat: seat.data }] : [];
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
