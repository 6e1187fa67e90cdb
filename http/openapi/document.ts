import { OpenApiGeneratorV31, OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import pkg from "../../package.json" with { type: "json" };
import { registerPaths } from "./paths.ts";

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

const DESCRIPTION = [
  "The HTTP side of KOTO: sign-in, the lesson catalogue, the scenes, a learner's own history, voice uploads,",
  "and the operational endpoints. Rooms (matchmaking and WebSocket messages) are described in",
  "docs/protocol.md. Every error is `{ \"error\": { \"code\", \"message\" } }`.",
].join(" ");

/** The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas the routes validate with. */
export function openApiDocument(): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "learnerToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "The token from `POST /api/v1/auth/guest`.",
  });
  registry.registerComponent("securitySchemes", "operatorBasic", {
    type: "http",
    scheme: "basic",
    description: "Operator credentials: `MONITOR_USER` / `MONITOR_PASSWORD`.",
  });
  registerPaths(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "KOTO HTTP API", version: pkg.version, description: DESCRIPTION },
    tags: [
      { name: "learners", description: "Signing in, and a learner's own data" },
      { name: "lessons", description: "The public lesson catalogue" },
      { name: "scenes", description: "The scenes and their layouts, and what the server offers clients" },
      { name: "voice", description: "Recorded answers (docs/protocol.md, section 7)" },
      { name: "operations", description: "Health, readiness and metrics" },
      { name: "console", description: "The operator console: reports, live rooms, moderation, audit (docs/OPERATIONS.md)" },
    ],
  });
}
