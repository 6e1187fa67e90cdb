import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { API_DOCS_PATH, OPENAPI_JSON_PATH } from "../../http/openapi/docsRoutes.ts";
import { openApiDocument, type OpenApiDocument } from "../../http/openapi/document.ts";
import * as schemas from "../../http/openapi/schemas.ts";
import { Inbox } from "../helpers/inbox.ts";
import { MONITOR_PASSWORD, startTestServer, type SignedIn, type TestServer } from "../helpers/testServer.ts";
import { expressRoutes } from "./expressRoutes.ts";

let server: TestServer;
let document: OpenApiDocument;

beforeAll(async () => {
  server = await startTestServer({ database: "postgres" });
  document = (await (await fetch(`${server.baseUrl}${OPENAPI_JSON_PATH}`)).json()) as OpenApiDocument;
});
afterAll(async () => {
  await server?.stop();
});

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

interface Operation {
  method: (typeof METHODS)[number];
  path: string;
  security: Array<Record<string, string[]>> | undefined;
}

function operations(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ method, path, security: item[method]!.security })),
  );
}

const key = (operation: Pick<Operation, "method" | "path">) => `${operation.method.toUpperCase()} ${operation.path}`;

/** The docs' own endpoints are not part of the API they describe. */
const isDocumentation = (route: string) => route.endsWith(` ${OPENAPI_JSON_PATH}`) || route.includes(` ${API_DOCS_PATH}`);

describe("the OpenAPI document and the routes that exist", () => {
  it("is served as JSON, exactly as generated", () => {
    expect(document).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(document.openapi).toBe("3.1.0");
  });

  it("documents every Express route under /api, and documents no route that does not exist", async () => {
    const app = await server.running.server.transport.getExpressApp!();
    const routes = expressRoutes(app!);
    const api = routes.filter((route) => route.split(" ")[1]!.startsWith("/api/") && !isDocumentation(route));
    const documented = operations(document).map(key).sort();
    expect(api.length).toBeGreaterThan(5);
    expect(api.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !routes.includes(route))).toEqual([]);
  });

  it("states each operation's credentials as the server enforces them", async () => {
    for (const operation of operations(document)) {
      const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
      const url = `${server.baseUrl}${operation.path.replace(/\{\w+\}/g, randomUUID())}`;
      const method = operation.method.toUpperCase();
      // A relayed request counts as public, so operator endpoints ask for credentials.
      const response = await fetch(url, { method, redirect: "manual", headers: { "x-forwarded-for": "203.0.113.7" } });
      const challenge = schemes.includes("learnerToken") ? "Bearer" : schemes.includes("operatorBasic") ? "Basic" : undefined;
      const outcome = { operation: key(operation), status: response.status, challenge: response.headers.get("www-authenticate")?.split(" ")[0] };
      if (challenge) expect(outcome).toEqual({ operation: key(operation), status: 401, challenge });
      else expect(outcome.status, key(operation)).not.toBe(401);
    }
    const operator = `Basic ${Buffer.from(`admin:${MONITOR_PASSWORD}`).toString("base64")}`;
    const metrics = await fetch(`${server.baseUrl}/metrics`, { headers: { "x-forwarded-for": "203.0.113.7", authorization: operator } });
    expect(metrics.status).toBe(200);
  });
});

async function call<T>(path: string, schema: z.ZodType<T>, auth?: SignedIn, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const headers = new Headers(init.headers);
  if (auth) headers.set("authorization", `Bearer ${auth.token}`);
  const response = await fetch(`${server.baseUrl}${path}`, { ...init, headers });
  return { status: response.status, body: schema.parse(await response.json()) };
}

/** A learner with a finished session in which a lesson started, so every list has an entry to check. */
async function learnerWithHistory(): Promise<SignedIn> {
  const { room, auth } = await server.join("cafe", "Mina", "en");
  const inbox = new Inbox(room);
  room.send("tutor:start", {});
  await inbox.next("tutor:prompt");
  await room.leave(true);
  await vi.waitFor(
    async () => {
      const { body } = await call("/api/v1/me/sessions", schemas.responses.sessions, auth);
      expect(body.sessions[0]?.endedAt).toBeTypeOf("string");
      expect(body.sessions[0]?.events).toBeGreaterThan(0);
    },
    { timeout: 10_000, interval: 100 },
  );
  return auth;
}

describe("what the server answers matches the documented schemas", () => {
  it("for sign-in, the lessons and a learner's own data", async () => {
    const signIn = await call("/api/v1/auth/guest", schemas.signedIn, undefined, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Doc", lang: "vi" }),
    });
    expect(signIn.status).toBe(201);

    const lessons = await call("/api/v1/lessons", schemas.responses.lessons);
    expect(lessons.body.lessons.length).toBeGreaterThan(0);
    for (const lesson of lessons.body.lessons) {
      expect((await call(`/api/v1/lessons/${lesson.id}`, schemas.lessonDetail)).status).toBe(200);
    }
    const scenes = await call("/api/v1/scenes", schemas.responses.scenes);
    expect(scenes.body.scenes.map((scene) => [scene.name, scene.layout.items.length > 0])).toEqual([["cafe", true], ["airport", true]]);
    expect((await call("/api/v1/features", schemas.features)).body).toEqual({ region: "global", languages: ["en", "id", "vi"], voiceAnswers: false, tutorVoice: true });

    const auth = await learnerWithHistory();
    expect((await call("/api/v1/me", schemas.responses.me, auth)).body.learner.name).toBe("Mina");
    expect((await call("/api/v1/me/progress", schemas.responses.progress, auth)).body.progress.length).toBeGreaterThan(0);
    const [session] = (await call("/api/v1/me/sessions?limit=5", schemas.responses.sessions, auth)).body.sessions;
    const detail = await call(`/api/v1/me/sessions/${session!.id}`, schemas.responses.sessionDetail, auth);
    expect(detail.body.events.length).toBe(session!.events);
  });

  it("for voice uploads, operations and errors", async () => {
    const auth = await server.signIn("Voice");
    const wav = await readFile("tests/fixtures/audio/answer.wav");
    const upload = await call("/api/v1/audio", schemas.uploadedRecording, auth, { method: "POST", headers: { "content-type": "audio/wav" }, body: wav });
    expect(upload.status).toBe(201);
    const fetched = await fetch(`${server.baseUrl}/api/v1/audio/${upload.body.audioId}`, { headers: { authorization: `Bearer ${auth.token}` }, redirect: "manual" });
    expect(fetched.status).toBe(302);
    expect(fetched.headers.get("location")).toMatch(/\/media\/.+signature=/);

    expect((await call("/health", schemas.health)).status).toBe(200);
    expect((await call("/ready", schemas.ready)).status).toBe(200);
    expect((await call("/api/v1/lessons/no-such-lesson", schemas.errorBody)).status).toBe(404);
    const invalid = await call("/api/v1/auth/guest", schemas.errorBody, undefined, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "", lang: "fr" }),
    });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: "invalid_body" } } });
  });
});

describe("the interactive reference at /api/docs", () => {
  it("is served with its script and styles from the server itself, and a policy allowing nothing else", async () => {
    const bare = await fetch(`${server.baseUrl}${API_DOCS_PATH}`, { redirect: "manual" });
    expect(bare.status).toBe(301);
    const pageUrl = new URL(bare.headers.get("location")!, server.baseUrl);
    expect(pageUrl.pathname).toBe(`${API_DOCS_PATH}/`);

    const page = await fetch(pageUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const policy = page.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'self'");
    expect(policy).not.toMatch(/https?:|\*/);

    const html = await page.text();
    const scripts = [...html.matchAll(/<script[^>]*\ssrc=["']([^"']+)["']/g)].map((match) => match[1]!);
    const styles = [...html.matchAll(/<link[^>]*\shref=["']([^"']+)["']/g)].map((match) => match[1]!);
    expect(scripts).toEqual(expect.arrayContaining(["./swagger-ui-bundle.js", "./swagger-ui-init.js"]));
    expect(styles).toContain("./swagger-ui.css");
    for (const asset of [...scripts, ...styles]) {
      const url = new URL(asset, pageUrl);
      expect(url.origin).toBe(server.baseUrl);
      const response = await fetch(url);
      expect([asset, response.status]).toEqual([asset, 200]);
      expect(response.headers.get("content-type")).toMatch(/javascript|css|image\/png/);
    }

    const init = await (await fetch(new URL("./swagger-ui-init.js", pageUrl))).text();
    expect(init).toContain('"validatorUrl": null');
    const specUrl = new URL(/"swaggerUrl": "([^"]+)"/.exec(init)![1]!, pageUrl);
    expect(specUrl.pathname).toBe(OPENAPI_JSON_PATH);
    expect(await (await fetch(specUrl)).json()).toEqual(document);
  });
});
