import type { RoleplayEffect } from "../domain/roleplay/roleplaySession.ts";
import type { SessionEventOp } from "../services/writes/writeOps.ts";
import { sessionEventOp } from "./sessionEventOp.ts";

/** A roleplay's event as the write path stores it: a session event with the roleplay's id and the role played. */
export function eventOp(roleplayId: string | null, effect: Extract<RoleplayEffect, { kind: "record" }>): SessionEventOp {
  return { ...sessionEventOp(effect.sessionRowId, effect.event), roleplayId, roleplayRole: effect.role };
}
