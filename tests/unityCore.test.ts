import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sanitizeChat } from "../domain/chat.ts";
import { FLOORS } from "../domain/scenes/layout.ts";
import { applyMove } from "../domain/scenes/movement.ts";
import { sceneSchema } from "../domain/scenes/scene.ts";
import { GoogleSpeechFake } from "./fakes/googleSpeechFake.ts";
import { fixtureContent } from "./helpers/fixtureContent.ts";
import { startTestServer, type TestServer } from "./helpers/testServer.ts";

const CORE = "unity/Runtime/Core";
const TESTS = "unity/Tests/Core";
const FIXTURES = "tests/fixtures/unity";
let dir: string;
let check: string;

const cs = async (folder: string) => (await readdir(folder)).filter((f) => f.endsWith(".cs")).map((f) => path.join(folder, f));

function run(command: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: "utf8", input });
  if (result.error) throw new Error(`${command}: ${result.error.message} (Debian's mono-mcs and nunit-console provide it; .ci/run installs them)`);
  return result;
}

function compile(args: string[]): void {
  const result = run("mcs", ["-langversion:7", "-warnaserror+", "-nowarn:1591", ...args]);
  expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
}

/** Non-ASCII as \u escapes: the C# side reads ASCII whatever the console's encoding. */
const ascii = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "koto-unity-core-"));
  const core = [...(await cs(CORE)), ...(await cs(path.join(CORE, "Protocol")))];
  check = path.join(dir, "check.exe");
  // Only the framework: the core must build with neither UnityEngine nor the Colyseus SDK.
  compile([`-out:${check}`, ...core, path.join(FIXTURES, "CoreCheck.cs"), path.join(FIXTURES, "Wire.cs")]);
  compile(["-target:library", "-pkg:nunit", `-out:${path.join(dir, "tests.dll")}`, ...core, ...(await cs(TESTS))]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the plain C# core", () => {
  it("passes every one of its NUnit tests under Mono", async () => {
    const xml = path.join(dir, "results.xml");
    run("nunit-console", ["-nologo", path.join(dir, "tests.dll"), `-xml=${xml}`]);
    const results = await readFile(xml, "utf8");
    const cases = results.split("<test-case ").slice(1).map((chunk) => ({
      name: /name="([^"]+)"/.exec(chunk)![1],
      result: /result="(\w+)"/.exec(chunk)![1],
      message: /<message><!\[CDATA\[([\s\S]*?)\]\]>/.exec(chunk)?.[1],
    }));
    expect(cases.filter((c) => c.result !== "Success").map((c) => `${c.name}: ${c.message ?? c.result}`)).toEqual([]);
    const sources = await Promise.all((await cs(TESTS)).map((f) => readFile(f, "utf8")));
    const declared = sources.join("").match(/\[(Test|TestCase\(.*\))\]/g)!.length;
    expect(cases.length).toBe(declared);
  });

  it("is a Unity assembly without the engine or the SDK", async () => {
    const asmdef = JSON.parse(await readFile(path.join(CORE, "Koto.Core.asmdef"), "utf8")) as { references: string[]; noEngineReferences: boolean };
    expect(asmdef).toMatchObject({ references: [], noEngineReferences: true });
    for (const file of await cs(CORE)) expect(await readFile(file, "utf8"), file).not.toMatch(/using (UnityEngine|Colyseus)/);
  });

  it("faces the way the server turns a walker", () => {
    const scene = sceneSchema.parse({
      name: "plane",
      title: { ko: "평면", en: "Plane" },
      bounds: { minX: -50, maxX: 50, minY: -50, maxY: 50 },
      spawnPoints: [{ x: 0, y: 0 }],
      capacity: 1,
      walkSpeed: 50,
      npc: { id: "npc", name: { ko: "점원", en: "Clerk" }, x: 40, y: 40, facing: 0 },
      layout: { floor: FLOORS[0], items: [] },
    });
    const moves = [[1, 0], [0, 1], [-1, 0], [0, -1], [3, 4], [-2.5, 0.5], [0.1, -7], [-3, -3]] as const;
    const server = moves.map(([dx, dy]) => applyMove(scene, { x: 0, y: 0, facing: 0, allowance: 100, refilledAt: 0 }, { x: dx, y: dy }, 0).walker.facing);
    const csharp = run("mono", [check, "facing"], moves.map(([dx, dy]) => `${dx} ${dy}\n`).join("")).stdout.trim().split("\n").map(Number);
    expect(server[0]).toBe(90); // east
    for (const [i, facing] of csharp.entries()) expect(facing, `move ${moves[i]!.join(", ")}`).toBeCloseTo(server[i]!, 9);
  });

  it("cleans and measures chat as the server does", () => {
    const lines = ["  안녕   하세요 ", "a\tb\nc", "\u202Eevil\u200B", "\u1100\u1161\u11A8", "👨\u200D👩\u200D👧", " \u200B ", "가".repeat(200), "😀".repeat(200), "a".repeat(201), "\u0007"];
    const server = lines.map((line) => {
      const result = sanitizeChat(line);
      return result.ok ? { text: result.text, check: "Ok" } : { text: result.reason === "empty" ? "" : null, check: result.reason === "empty" ? "Empty" : "TooLong" };
    });
    const csharp = run("mono", [check, "chat"], lines.map((l) => `${ascii(l)}\n`).join("")).stdout.trim().split("\n").map((l) => JSON.parse(l) as { text: string; check: string });
    expect(csharp.map((c, i) => (server[i]!.text === null ? { ...c, text: null } : c))).toEqual(server);
  });
});

interface Shown {
  phase: string;
  input: string;
  activityId: string | null;
  attempt: number;
  options: number;
  outcome: string | null;
  transcript: string | null;
  summary: string | null;
  notice: string | null;
  refusal: string;
  audio: string[];
  send: { type: string; payload: Record<string, unknown> | null } | null;
}

/** The C# TutorSession in a Mono process, fed every server message of a room as it arrives. */
class CsharpLearner {
  readonly shown: Shown[] = [];
  readonly #process: ChildProcessWithoutNullStreams;
  readonly #replies: Array<(line: string) => void> = [];
  #chain: Promise<unknown> = Promise.resolve();

  readonly room: Room;

  constructor(executable: string, room: Room) {
    this.room = room;
    this.#process = spawn("mono", [executable, "play"]);
    createInterface({ input: this.#process.stdout }).on("line", (line) => this.#replies.shift()?.(line));
    room.onMessage("*", (type: string | number, payload: unknown) => void this.#ask(`msg\t${type}\t${ascii(payload)}`));
  }

  get last(): Shown {
    return this.shown.at(-1)!;
  }

  /** What the learner does; whatever the C# decides to send is sent through the room. */
  async do(action: string, argument = ""): Promise<Shown> {
    const shown = await this.#ask(`do\t${action}\t${argument}`);
    if (shown.send) this.room.send(shown.send.type, shown.send.payload ?? undefined);
    return shown;
  }

  async until(phase: string): Promise<Shown> {
    await vi.waitFor(() => expect(this.last?.phase).toBe(phase), { timeout: 8_000, interval: 20 });
    return this.last;
  }

  #ask(line: string): Promise<Shown> {
    const asked = this.#chain.then(
      () =>
        new Promise<Shown>((resolve) => {
          this.#replies.push((reply) => {
            const shown = JSON.parse(reply) as Shown;
            this.shown.push(shown);
            resolve(shown);
          });
          this.#process.stdin.write(`${line}\n`);
        }),
    );
    this.#chain = asked;
    return asked;
  }

  stop(): void {
    this.#process.stdin.end();
  }
}

describe("a learner whose client is the C# core, against the real server", () => {
  let server: TestServer | undefined;
  let speech: GoogleSpeechFake | undefined;
  let content: Awaited<ReturnType<typeof fixtureContent>> | undefined;

  beforeAll(async () => {
    speech = await new GoogleSpeechFake().start();
    content = await fixtureContent();
    server = await startTestServer({
      overrides: { contentDir: content.dir },
      env: { STT_PROVIDER: "google", GOOGLE_STT_ENDPOINT: speech.endpoint, GOOGLE_INSECURE_ENDPOINTS: "true", STT_BUDGET_MS: "2000" },
    });
  });
  afterAll(async () => {
    await server?.stop();
    speech?.stop();
    await content?.remove();
  });

  it("plays a lesson: no review due, typed, spoken (a WAV from the C# encoder) and chosen answers, feedback, retries, the summary", async () => {
    const { room, auth } = await server!.join("cafe", "Unity", "en");
    const learner = new CsharpLearner(check, room);
    try {
      // Nothing is due yet: the review run ends at once and the panel is idle again.
      expect((await learner.do("review")).send).toEqual({ type: "tutor:review", payload: null });
      expect(learner.last.phase).toBe("Waiting");
      await learner.until("Idle");
      expect((await learner.do("start")).send).toEqual({ type: "tutor:start", payload: {} });
      const greet = await learner.until("Prompt");
      expect(greet).toMatchObject({ activityId: "cafe.greet", input: "Text", attempt: 1 });

      // A miss: the feedback stays up, with the retry behind it.
      await learner.do("answer", "커피");
      expect((await learner.until("Feedback")).outcome).toBe("retry");
      await vi.waitFor(() => expect(learner.shown.filter((s) => s.phase === "Feedback").length).toBeGreaterThan(1));
      expect((await learner.do("continue")).attempt).toBe(2);

      // Spoken: the C# WAV, uploaded as Unity would, transcribed by the speech service.
      const wav = path.join(dir, "answer.wav");
      expect(run("mono", [check, "wav", wav, "1.5", "16000"]).status).toBe(0);
      const upload = await fetch(`${server!.baseUrl}/api/v1/audio`, { method: "POST", headers: { "content-type": "audio/wav", authorization: `Bearer ${auth.token}` }, body: await readFile(wav) });
      expect(upload.status).toBe(201);
      const uploaded = (await upload.json()) as { audioId: string; durationMs: number; format: { container: string; codec: string } };
      expect(uploaded.durationMs).toBe(1500);
      speech!.stt.transcript = "네, 안녕하세요";
      await learner.do("begin");
      expect((await learner.do("voice", uploaded.audioId)).send).toEqual({ type: "tutor:audio", payload: { audioId: uploaded.audioId } });
      expect(await learner.until("Feedback")).toMatchObject({ outcome: "advance", transcript: "네, 안녕하세요" });
      expect(speech!.sttRequests.at(-1)).toMatchObject({ config: { sampleRateHertz: 16000 } });

      await vi.waitFor(() => expect(learner.shown.at(-1)!.phase).toBe("Feedback"));
      await learner.do("continue");
      const order = await learner.until("Prompt");
      expect(order.activityId).toBe("cafe.order");
      if (order.audio.length > 0) expect(order.audio[0]).toMatch(/\/media\//);
      await learner.do("answer", "아메리카노 한 잔 주세요");
      expect((await learner.until("Feedback")).outcome).toBe("advance");
      await learner.do("continue");

      // A choice: typing is refused by the client itself, picking goes out.
      const choice = await learner.until("Prompt");
      expect(choice).toMatchObject({ activityId: "cafe.temperature", input: "Choice" });
      expect(choice.options).toBeGreaterThan(1);
      expect(await learner.do("answer", "따뜻한 걸로 주세요")).toMatchObject({ send: null, refusal: "ChooseInstead" });
      expect(await learner.do("choose", "99")).toMatchObject({ send: null, refusal: "NoSuchOption" });
      expect((await learner.do("choose", "0")).send).toEqual({ type: "tutor:choose", payload: { index: 0 } });
      await learner.until("Feedback");

      // The rest skipped, to the summary.
      while (learner.last.phase !== "Done") {
        await learner.do("continue");
        await vi.waitFor(() => expect(["Prompt", "Done"]).toContain(learner.last.phase), { timeout: 8_000 });
        if (learner.last.phase === "Prompt") {
          expect((await learner.do("skip")).send?.type).toBe("tutor:skip");
          expect((await learner.until("Feedback")).outcome).toBe("skipped");
        }
      }
      expect(learner.last.summary).toBe("cafe-order");
      expect(learner.shown.filter((s) => s.notice !== null)).toEqual([]);
    } finally {
      learner.stop();
      await room.leave();
    }
  });
});
