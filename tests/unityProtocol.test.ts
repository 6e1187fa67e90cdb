import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ERROR_TYPES } from "../domain/lessons/lesson.ts";
import { TutorErrorCode } from "../domain/tutor/tutorErrors.ts";
import { CLIENT_MESSAGES } from "../rooms/messages.ts";
import { CloseCode, ErrorCode, NoticeCode, ROOM_NAMES, type ServerMessageType } from "../rooms/protocol.ts";
import { SERVER_MESSAGES } from "../rooms/serverMessages.ts";
import type { JsonSchema } from "../scripts/unity/csharpFromJsonSchema.ts";
import { payloadClasses, unityProtocolFiles } from "../scripts/unity-protocol.ts";
import { Inbox } from "./helpers/inbox.ts";
import { startTestServer, type TestServer } from "./helpers/testServer.ts";

const PROTOCOL_DIR = "unity/Protocol";
const CHECK = "tests/fixtures/unity/ProtocolCheck.cs";
let dir: string;
let checker: string;

function run(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { encoding: "utf8", input });
  if (result.error) throw new Error(`${command}: ${result.error.message} (Debian's mono-mcs provides mcs and mono; .ci/run installs it)`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "koto-unity-protocol-"));
  const sources = (await readdir(PROTOCOL_DIR)).filter((f) => f.endsWith(".cs")).map((f) => path.join(PROTOCOL_DIR, f));
  checker = path.join(dir, "check.exe");
  // Warnings are errors (a broken <see cref> is one); only undocumented members are let through.
  run("mcs", ["-warnaserror+", "-nowarn:1591", `-doc:${path.join(dir, "doc.xml")}`, `-out:${checker}`, ...sources, CHECK]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the Unity protocol classes", () => {
  it("match the server's protocol (run `npm run unity:schema` after changing rooms/protocol.ts or rooms/serverMessages.ts)", async () => {
    const files = unityProtocolFiles();
    expect((await readdir(PROTOCOL_DIR)).filter((f) => f.endsWith(".cs")).sort()).toEqual([...files.keys()].sort());
    for (const [name, content] of files) expect(await readFile(path.join(PROTOCOL_DIR, name), "utf8"), name).toBe(content);
  });

  it("hold the server's message names, room names and codes, as compiled C#", () => {
    const constants = new Map<string, unknown[]>();
    for (const line of run("mono", [checker, "constants"]).trim().split("\n")) {
      const [, type, value] = /^(\w+)\.\w+=(.*)$/.exec(line)!;
      constants.set(type!, [...(constants.get(type!) ?? []), JSON.parse(value!)]);
    }
    expect(Object.fromEntries(constants)).toEqual({
      RoomName: [...ROOM_NAMES],
      ServerMessage: Object.keys(SERVER_MESSAGES),
      ClientMessage: Object.keys(CLIENT_MESSAGES),
      CloseCode: Object.values(CloseCode),
      ErrorCode: Object.values(ErrorCode),
      TutorErrorCode: Object.values(TutorErrorCode),
      NoticeCode: Object.values(NoticeCode),
      ActivityKind: ["dialogue", "repeat", "choice", "listen", "fill"],
      ErrorType: [...ERROR_TYPES],
      TurnOutcome: ["retry", "advance", "reveal", "skipped"],
    });
    expect(run("mono", [checker, "constants"])).toContain('ServerMessage.TutorPrompt="tutor:prompt"\nServerMessage.TutorFeedback="tutor:feedback"');
  });
});

type Seen = { type: ServerMessageType; payload: unknown };

/** Non-ASCII as \u escapes: the checker reads ASCII whatever the console's encoding. */
const ascii = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** What C# reads each message as, written back as JSON. */
function throughCsharp(messages: readonly Seen[]): unknown[] {
  const { classOf } = payloadClasses();
  const input = messages.map((m) => `${classOf.get(m.type)}\t${ascii(m.payload)}\n`).join("");
  return run("mono", [checker, "decode"], input)
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as unknown);
}

/** A payload with every field, optional ones too, from the schema the C# was generated from. */
function example(schema: JsonSchema): unknown {
  if (schema.anyOf) return example(schema.anyOf[0]!);
  if (schema.enum) return schema.enum[0];
  if (schema.type === "object") return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, example(v)]));
  if (schema.type === "array") return [example(schema.items!), example(schema.items!)];
  return { string: "한국어 \"quoted\" \\ text", integer: 7, number: 12.625, boolean: true }[schema.type!];
}

describe("what a Unity client reads", () => {
  let server: TestServer | undefined;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("is every field of every message, as the server really sends it", async () => {
    const { room } = await server!.join("cafe", "Unity", "en");
    room.onMessage("*", (type: string | number, payload: unknown) => seen.push({ type: String(type) as ServerMessageType, payload }));
    const inbox = new Inbox(room);
    room.send("chat", { text: "안녕하세요" });
    await inbox.next("chat");
    room.send("chat", { text: 42 });
    await inbox.next("error");
    room.send("tutor:start", {});
    await inbox.next("tutor:prompt");
    room.send("tutor:hint", {});
    await inbox.next("tutor:hint");
    room.send("tutor:answer", { text: "안녕" });
    room.send("tutor:answer", { text: "안녕" });
    await inbox.next("tutor:busy");
    await inbox.next("tutor:feedback");
    // Skipped to the end, through every kind of activity.
    await vi.waitFor(
      () => {
        if (inbox.unread("tutor:done").length > 0) return;
        room.send("tutor:skip", {});
        throw new Error("not done yet");
      },
      { timeout: 15_000, interval: 300 },
    );
    const draining = inbox.next("server:draining");
    await Promise.all([server!.stop(), draining]);

    const live = new Set(seen.map((m) => m.type));
    expect([...live].sort()).toEqual(["chat", "error", "server:draining", "tutor:busy", "tutor:done", "tutor:feedback", "tutor:hint", "tutor:prompt"]);
    expect(seen.some((m) => m.type === "tutor:prompt" && (m.payload as { choices?: unknown }).choices)).toBe(true);
    for (const message of seen) expect(() => SERVER_MESSAGES[message.type].parse(message.payload), message.type).not.toThrow();

    const examples = (Object.keys(SERVER_MESSAGES) as ServerMessageType[]).map((type) => ({
      type,
      payload: example(z.toJSONSchema(SERVER_MESSAGES[type], { io: "output" }) as JsonSchema),
    }));
    for (const sample of examples) expect(() => SERVER_MESSAGES[sample.type].parse(sample.payload), sample.type).not.toThrow();
    const all = [...seen, ...examples];
    expect(throughCsharp(all)).toEqual(all.map((m) => m.payload));
  });

  it("refuses a field the classes do not have", () => {
    expect(() => throughCsharp([{ type: "tutor:busy", payload: { activityId: "cafe.greet", message: "wait", extra: 1 } }])).toThrow(
      /TutorBusyMessage has no field extra/,
    );
  });
});
