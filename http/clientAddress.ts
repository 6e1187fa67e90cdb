import type { IncomingMessage, Server } from "node:http";
import { clientAddress, type TrustFunction } from "../services/abuse/clientAddress.ts";

/**
 * Colyseus's matchmaking, where a room's onAuth runs, takes a client's address from
 * X-Real-IP, X-Forwarded-For or X-Client-IP as the client sent them, trusted or not, and has
 * none when no header is sent. Before any other listener sees a request, X-Real-IP (the
 * header it reads first) is set to the address worked out through the trusted proxies.
 * Call after the server has bound its routes, so this listener runs first.
 */
export function pinClientAddress(server: Server, trust: TrustFunction): void {
  const pin = (req: IncomingMessage) => {
    const forwarded = req.headers["x-forwarded-for"];
    const chain = Array.isArray(forwarded) ? forwarded.join(",") : forwarded;
    req.headers["x-real-ip"] = clientAddress(req.socket.remoteAddress ?? "unknown", chain, trust);
  };
  server.prependListener("request", pin);
  server.prependListener("upgrade", pin);
}
