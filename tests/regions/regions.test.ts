import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ConfigError, loadConfig } from "../../config/config.ts";
import { readRegions } from "../../config/regions.ts";
import { regionalCatalog } from "../../domain/regions.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";
import { nextMessage } from "../helpers/wait.ts";

/** REGION chooses what a deployment serves: languages (the first by default), lessons, data location. */

const shipped = readRegions();
if (!shipped.ok) throw new Error(shipped.problems.join("\n"));
const ID = shipped.regions.id!;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "koto-regions-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function regionsFile(regions: Record<string, unknown>): Promise<string> {
  const file = path.join(dir, `regions-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, stringify({ regions }));
  return file;
}

describe("region definitions", () => {
  it("defines global, id and vn, every lesson they name exists, and each offers its own language first", async () => {
    expect(Object.keys(shipped.regions).sort()).toEqual(["global", "id", "vn"]);
    expect(shipped.regions.id!.languages[0]).toBe("id");
    expect(shipped.regions.vn!.languages[0]).toBe("vi");
    const catalog = await loadCatalog(CONTENT_DIR);
    for (const region of Object.values(shipped.regions)) expect(regionalCatalog(catalog, region.lessons)).toMatchObject({ ok: true });
  });

  it("sets the region's data location unless the environment names one", () => {
    const chosen = loadConfig({ REGION: "id", STORAGE: "s3", S3_ENDPOINT: "http://minio:9000", S3_ACCESS_KEY: "a", S3_SECRET_KEY: "b", DATABASE_URL_ID: "postgresql://koto@db-id:5432/koto" });
    expect(chosen.region).toMatchObject({ id: "id", languages: ID.languages, lessons: ID.lessons });
    expect(chosen.database.url).toBe("postgresql://koto@db-id:5432/koto");
    expect(chosen.storage).toMatchObject({ kind: "s3", bucket: "koto-id", region: "ap-southeast-3" });
    const overridden = loadConfig({ REGION: "id", STORAGE: "s3", S3_ENDPOINT: "http://minio:9000", S3_ACCESS_KEY: "a", S3_SECRET_KEY: "b", S3_BUCKET: "mine", DATABASE_URL: "postgresql://x@y/z", DATABASE_URL_ID: "postgresql://koto@db-id:5432/koto" });
    expect(overridden.database.url).toBe("postgresql://x@y/z");
    expect(overridden.storage).toMatchObject({ bucket: "mine" });
    expect(loadConfig({}).region).toMatchObject({ id: "global", languages: ["en", "id", "vi"], lessons: "all" });
  });

  it("stops the server with a clear message for an unknown region or a bad definition", async () => {
    expect(() => loadConfig({ REGION: "mars" })).toThrow(/REGION: "mars" is not defined; the regions are global, id, vn/);
    const bad = await regionsFile({ xx: { name: "X", languages: ["id", "id", "fr"], lessons: [], data: { bucket: "B!" } } });
    let error: unknown;
    try {
      loadConfig({ REGION: "xx", REGIONS_FILE: bad });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/regions\.xx\.languages\.2/);
    expect(problems).toMatch(/regions\.xx\.lessons/);
    expect(problems).toMatch(/regions\.xx\.data\.bucket: an S3 bucket name/);
    expect(() => loadConfig({ REGIONS_FILE: path.join(dir, "missing.yaml") })).toThrow(/cannot read/);
  });

  it("refuses a region that turns on a lesson that does not exist", async () => {
    const file = await regionsFile({ global: { name: "G", languages: ["en"], lessons: ["cafe-order", "no-such-lesson"], data: { bucket: "koto" } } });
    await expect(startTestServer({ env: { REGIONS_FILE: file, TTS_PROVIDER: "none" } })).rejects.toThrow(/lesson "no-such-lesson" is on in the region but has no lesson file/);
  });

  it("moves a scene whose usual lesson is off to its first lesson that is on", async () => {
    const catalog = await loadCatalog(CONTENT_DIR);
    const result = regionalCatalog(catalog, ["cafe-paying"]);
    if (!result.ok) throw new Error(result.problems.join());
    expect([...result.catalog.lessons.keys()]).toEqual(["cafe-paying"]);
    expect(result.catalog.scenes.get("cafe")?.lessonId).toBe("cafe-paying");
    expect(result.catalog.scenes.get("airport")?.lessonId).toBeUndefined();
  });
});

describe("a learner joining an Indonesian deployment (REGION=id)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { REGION: "id", TTS_PROVIDER: "none" } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const signIn = (body: Record<string, unknown>) =>
    fetch(`${server.baseUrl}/api/v1/auth/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("is offered Indonesian first and sees only the lessons that are on", async () => {
    const features = (await (await fetch(`${server.baseUrl}/api/v1/features`)).json()) as { region: string; languages: string[] };
    expect(features).toMatchObject({ region: "id", languages: ["id", "en"] });
    const { lessons } = (await (await fetch(`${server.baseUrl}/api/v1/lessons`)).json()) as { lessons: { id: string }[] };
    expect(lessons.map((lesson) => lesson.id).sort()).toEqual([...(ID.lessons as string[])].sort());
    expect((await fetch(`${server.baseUrl}/api/v1/lessons/cafe-options`)).status).toBe(404);
  });

  it("signs in in Indonesian by default, and cannot choose a language the region does not offer", async () => {
    const refused = await signIn({ name: "Minh", lang: "vi" });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { code: "language_unavailable", message: "This server teaches in id, en; choose one of them." } });

    const response = await signIn({ name: "Siti" });
    expect(response.status).toBe(201);
    const { token, learner } = (await response.json()) as { token: string; learner: { lang: string } };
    expect(learner.lang).toBe("id");

    const sdk = new Client(server.baseUrl);
    sdk.auth.token = token;
    const room = await sdk.joinOrCreate("cafe", { name: "Siti" });
    try {
      const prompt = nextMessage<{ activityId: string; translation: string }>(room, "tutor:prompt");
      room.send("tutor:start", {});
      const { activityId, translation } = await prompt;
      const activity = server.services.catalog.activity(activityId)!;
      expect(activity.lesson.id).toBe("cafe-order");
      expect(translation).toBe(activity.activity.tutor.translations.id);
      expect(translation).not.toBe(activity.activity.tutor.translations.en);

      const error = nextMessage<{ code: string }>(room, "error");
      room.send("tutor:start", { lessonId: "cafe-options" });
      expect((await error).code).toBe("unknown_lesson");
    } finally {
      await room.leave();
    }
  });

  it("keeps a learner to the region's languages when joining: English is on, Vietnamese is not", async () => {
    const { token } = (await (await signIn({ name: "Budi" })).json()) as { token: string };
    const sdk = new Client(server.baseUrl);
    sdk.auth.token = token;
    for (const [asked, served] of [["en", "en"], ["vi", "id"]] as const) {
      const room = await sdk.joinOrCreate("airport", { name: "Budi", lang: asked });
      try {
        const prompt = nextMessage<{ activityId: string; translation: string }>(room, "tutor:prompt");
        room.send("tutor:start", {});
        const { activityId, translation } = await prompt;
        expect(translation, `joined asking for ${asked}`).toBe(server.services.catalog.activity(activityId)!.activity.tutor.translations[served]);
      } finally {
        await room.leave();
      }
    }
  });
});
