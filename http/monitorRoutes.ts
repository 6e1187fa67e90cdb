import { monitor } from "@colyseus/monitor";
import basicAuth from "express-basic-auth";
import type { RequestHandler } from "express";

export interface OperatorCredentials {
  user: string;
  password: string;
}

/** HTTP basic auth for operator pages and endpoints (the monitor, metrics). */
export function operatorAuth(credentials: OperatorCredentials): RequestHandler {
  return basicAuth({
    authorizer: (user: string, password: string) =>
      // Both compared in constant time, and both always compared.
      Number(basicAuth.safeCompare(user, credentials.user)) &
      Number(basicAuth.safeCompare(password, credentials.password))
        ? true
        : false,
    challenge: true,
    realm: "KOTO operators",
    unauthorizedResponse: () => ({ error: { code: "unauthorized", message: "Operator credentials required." } }),
  });
}

export function monitorHandler(): RequestHandler {
  return monitor();
}
