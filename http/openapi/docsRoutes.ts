import { Router } from "express";
import helmet from "helmet";
import swaggerUi, { type SwaggerUiOptions } from "swagger-ui-express";
import type { OpenApiDocument } from "./document.ts";

export const OPENAPI_JSON_PATH = "/api/openapi.json";
export const API_DOCS_PATH = "/api/docs";

/**
 * Swagger UI serves its script and styles from its own package, and may load nothing from
 * anywhere else: no CDN (these machines have no internet, and the page must not leak who reads
 * it), no validator badge. The policy says so to the browser too.
 */
const docsPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
  },
});

const UI_OPTIONS: SwaggerUiOptions = {
  customSiteTitle: "KOTO HTTP API",
  // Relative to /api/docs/, so the page also works behind a gateway that adds a path prefix.
  swaggerUrl: "../openapi.json",
  swaggerOptions: { validatorUrl: null },
};

/** The OpenAPI document as JSON, and an interactive reference to it. */
export function docsRoutes(document: OpenApiDocument): Router {
  const router = Router();
  router.get(OPENAPI_JSON_PATH, (_req, res) => {
    res.json(document);
  });
  router.use(API_DOCS_PATH, docsPolicy, ...swaggerUi.serveFiles(undefined, UI_OPTIONS));
  router.get(`${API_DOCS_PATH}/`, docsPolicy, swaggerUi.setup(undefined, UI_OPTIONS));
  return router;
}
