import { CloseCode } from "./protocol.ts";

/** 1009: the client sent a frame over the size limit. */
const MESSAGE_TOO_BIG = 1009;

/** Whether a dropped connection keeps its seat for a reconnection (not after a shutdown or an expulsion). */
export function mayReconnect(code: number | undefined): boolean {
  return code !== CloseCode.SERVER_SHUTDOWN && code !== CloseCode.PROTOCOL_VIOLATION && code !== MESSAGE_TOO_BIG;
}

/** The session's stored end reason for a close code. */
export function endReasonFor(code: number | undefined): string {
  switch (code) {
    case CloseCode.CONSENTED:
      return "left";
    case CloseCode.SERVER_SHUTDOWN:
      return "server_shutdown";
    case CloseCode.PROTOCOL_VIOLATION:
    case MESSAGE_TOO_BIG:
      return "protocol_violation";
    default:
      return "connection_lost";
  }
}
