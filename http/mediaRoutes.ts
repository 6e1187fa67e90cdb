import { Router } from "express";
import type { Clock } from "../domain/clock.ts";
import type { ObjectStore } from "../services/storage/ObjectStore.ts";
import type { UrlSigner } from "../services/storage/UrlSigner.ts";
import { sendError } from "./errors.ts";

/**
 * Serves objects of the file-system store to holders of a signed, unexpired link
 * (`/media/<key>?expires=...&signature=...`). Anything else gets 403; nothing is listed.
 */
export function mediaRoutes(store: ObjectStore, signer: UrlSigner, clock: Clock): Router {
  const router = Router();
  router.get(/^\/media\/(.+)$/, async (req, res) => {
    const key = (req.params as Record<string, string>)[0] ?? "";
    const expires = Number(req.query.expires);
    const signature = typeof req.query.signature === "string" ? req.query.signature : "";
    const now = Math.floor(clock.now().getTime() / 1000);
    if (!Number.isInteger(expires) || signature === "" || signer.check(key, expires, signature, now) !== "ok") {
      return sendError(res, 403, "forbidden", "This link is invalid or has expired.");
    }
    const object = await store.get(key).catch(() => undefined);
    if (!object) return sendError(res, 404, "not_found", "No such file.");
    res.set("Cache-Control", `private, max-age=${Math.max(0, expires - now)}`);
    res.set("Content-Type", object.contentType);
    res.set("X-Content-Type-Options", "nosniff");
    return res.send(object.body);
  });
  return router;
}
