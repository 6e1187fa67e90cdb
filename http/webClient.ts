import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router, type Response } from "express";
import helmet from "helmet";
import type { Config } from "../config/config.ts";
import type { Logger } from "../services/logger.ts";

/** Where `npm run build:web` (Vite) writes the browser client. */
export const WEB_ROOT = path.resolve(import.meta.dirname, "../web/dist");

/** The origin of an http(s) URL, or undefined for none. */
function originOf(url: string | undefined): string | undefined {
  return url ? new URL(url).origin : undefined;
}

/**
 * The page's content-security policy: its own scripts, styles and images, the server's API and
 * rooms, and the tutor's audio; nothing inline, nothing from elsewhere, no framing. Rooms on
 * another process are reached at that process's public address, and audio may come from the
 * public HTTP address or the S3 bucket, so those origins are added when configured.
 */
export function webClientPolicy(config: Pick<Config, "publicAddress" | "storage">): Record<string, string[]> {
  const rooms = config.publicAddress ? [`ws://${config.publicAddress.split("/")[0]}`, `wss://${config.publicAddress.split("/")[0]}`] : [];
  const { storage } = config;
  const media = [originOf(storage.publicHttpUrl), storage.kind === "s3" ? originOf(storage.publicEndpoint ?? storage.endpoint) : undefined];
  const unique = (sources: Array<string | undefined>) => [...new Set(sources.filter((source): source is string => source !== undefined))];
  return {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": unique(["'self'", originOf(storage.publicHttpUrl), ...rooms]),
    "media-src": unique(["'self'", ...media]),
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
  };
}

/** What a server without a client build answers at `/`: how to build it, not an error page. */
function notBuilt(res: Response): void {
  res
    .status(503)
    .type("text/plain")
    .send("The KOTO browser client has not been built. Run `npm run build:web` (or `npm install`) in the project folder, then reload.\n");
}

/**
 * The browser client (web/, built by Vite into web/dist): `index.html` at `/`, never cached, its
 * icon, and its content-hashed assets, cached for good. Without a build, `/` says how to make one.
 */
export function webClient(config: Pick<Config, "publicAddress" | "storage">, logger: Logger, root = WEB_ROOT): Router {
  const router = Router();
  const index = path.join(root, "index.html");
  // Only the client's own responses get its policy; the API keeps the stricter default.
  const policy = helmet.contentSecurityPolicy({ useDefaults: false, directives: webClientPolicy(config) });
  if (!existsSync(index)) {
    logger.warn({ root }, "the browser client is not built (npm run build:web): / explains how");
    router.get("/", policy, (_req, res) => notBuilt(res));
    return router;
  }
  router.get("/", policy, (_req, res) => {
    res.setHeader("cache-control", "no-cache");
    res.sendFile(index);
  });
  router.get("/favicon.svg", policy, (_req, res) => res.sendFile(path.join(root, "favicon.svg")));
  router.use("/assets", policy, express.static(path.join(root, "assets"), { immutable: true, maxAge: "365d", index: false, redirect: false }));
  return router;
}
