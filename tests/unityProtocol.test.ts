import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { CHAT_MAX_LENGTH } from "../domain/chat.ts";
import { EMOTES } from "../domain/emotes.ts";
import { ERROR_TYPES } from "../domain/lessons/lesson.ts";
import { RoleplayErrorCode, RoleplayNoticeCode } from "../domain/roleplay/roleplayMessages.ts";
import { ANIMATIONS } from "../domain/scenes/movement.ts";
import { TutorErrorCode } from "../domain/tutor/tutorErrors.ts";
import { CLIENT_MESSAGES } from "../rooms/messages.ts";
import { CloseCode, ErrorCode, ModerationCode, NoticeCode, ROOM_NAMES, type ServerMessageType } from "../rooms/protocol.ts";
import { SERVER_MESSAGES } from "../rooms/serverMessages.ts";
import type { JsonSchema } from "../scripts/unity/csharpFromJsonSchema.ts";
import { commandClasses, payloadClasses } from "../scripts/unity-protocol.ts";
import { Inbox } from "./helpers/inbox.ts";
import { startTestServer, type TestServer } from "./helpers/testServer.ts";

const PROTOCOL_DIR = "unity/Runtime/Core/Protocol";
const CHECK = ["tests/fixtures/unity/ProtocolCheck.cs", "tests/fixtures/unity/Wire.cs"];
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
  run("mcs", ["-warnaserror+", "-nowarn:1591", `-doc:${path.join(dir, "doc.xml")}`, `-out:${checker}`, ...sources, ...CHECK]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// One server for the file (booting one costs seconds): the sending tests use it, then the reading test drains it.
let server: TestServer | undefined;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe("the Unity protocol classes", () => {
  it("hold the server's message names, room names, codes and content, as compiled C#", () => {
    const constants = new Map<string, unknown[]>();
    const all = new Map<string, unknown>();
    for (const line of run("mono", [checker, "constants"]).trim().split("\n")) {
      const [, type, name, value] = /^(\w+)\.(\w+)=(.*)$/.exec(line)!;
      if (name === "All") all.set(type!, JSON.parse(value!));
      else constants.set(type!, [...(constants.get(type!) ?? []), JSON.parse(value!)]);
    }
    // Every titled enum of a payload becomes a constants class of its values.
    const valueSets = [...payloadClasses().model.valueSets(), ...commandClasses().model.valueSets()].map(([name, values]) => [name, values] as const);
    expect(valueSets.map(([name]) => name)).toEqual(expect.arrayContaining(["ActivityKind", "ErrorType", "TurnOutcome"]));
    expect(Object.fromEntries(valueSets).ErrorType).toEqual([...ERROR_TYPES]);
    const lists = { RoomName: [...ROOM_NAMES], ...Object.fromEntries(valueSets), Emote: [...EMOTES], AvatarAnim: [...ANIMATIONS] };
    expect(Object.fromEntries(constants)).toEqual({
      ...lists,
      ServerMessage: Object.keys(SERVER_MESSAGES),
      ClientMessage: Object.keys(CLIENT_MESSAGES),
      CloseCode: Object.values(CloseCode),
      ErrorCode: Object.values(ErrorCode),
      TutorErrorCode: Object.values(TutorErrorCode),
      NoticeCode: Object.values(NoticeCode),
      ModerationCode: Object.values(ModerationCode),
      RoleplayErrorCode: Object.values(RoleplayErrorCode),
      RoleplayNoticeCode: Object.values(RoleplayNoticeCode),
      Limits: [CHAT_MAX_LENGTH, 500],
    });
    expect(Object.fromEntries(all)).toEqual(lists);
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

type CommandName = keyof typeof CLIENT_MESSAGES;

/** What C#'s ToPayload() makes of each command, filled from the given fields. */
function sentByCsharp(commands: ReadonlyArray<{ type: CommandName; fields: Record<string, unknown> }>): Array<Record<string, unknown>> {
  const { classOf } = commandClasses();
  const input = commands.map((c) => `${classOf.get(c.type)}\t${ascii(c.fields)}\n`).join("");
  return run("mono", [checker, "send"], input)
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("what a Unity client sends", () => {
  it("is a class for every message with a payload, whose ToPayload() keeps set fields and leaves out null ones", () => {
    const { classOf } = commandClasses();
    expect([...classOf.keys()]).toEqual(expect.arrayContaining(["move", "chat", "emote", "tutor:start", "tutor:answer", "tutor:choose", "tutor:audio"]));
    for (const name of Object.keys(CLIENT_MESSAGES) as CommandName[]) {
      // A message without a class is one that carries nothing: it parses with no payload at all.
      if (!classOf.has(name)) expect(CLIENT_MESSAGES[name].safeParse(undefined).success, name).toBe(true);
    }
    const move = { x: 1.25, y: -2, facing: 90, anim: "walk" };
    const [full, bare, none] = sentByCsharp([
      { type: "move", fields: move },
      { type: "move", fields: { x: 1.25, y: -2, facing: null, anim: null } },
      { type: "tutor:start", fields: { lessonId: null } },
    ]);
    expect(full).toEqual(move);
    expect(bare).toEqual({ x: 1.25, y: -2 });
    expect(none).toEqual({});
  });

  it("is accepted by the real server, message by message", async () => {
    const { room } = await server!.join("cafe", "Unity", "en");
    const inbox = new Inbox(room);
    const send = (type: CommandName, fields: Record<string, unknown>) => room.send(type, sentByCsharp([{ type, fields }])[0]);
    const me = () => (room.state as { avatars: Map<string, { x: number; y: number; facing: number; emote: string }> }).avatars.get(room.sessionId);

    // Why ToPayload() exists: the same move with its unset fields as null is refused.
    room.send("move", { x: 1, y: 1, facing: null, anim: null });
    expect((await inbox.next<{ code: string }>("error")).code).toBe("invalid_message");

    const start = { x: me()!.x, y: me()!.y };
    send("move", { x: start.x + 0.5, y: start.y, facing: null, anim: null });
    await vi.waitFor(() => expect(me()!.x).toBeCloseTo(start.x + 0.5, 3));
    expect(me()!.facing).toBeCloseTo(90, 3); // walked east, faces east
    send("chat", { text: "안녕하세요" });
    expect((await inbox.next<{ text: string }>("chat")).text).toBe("안녕하세요");
    send("emote", { name: "bow" });
    await vi.waitFor(() => expect(me()!.emote).toBe("bow"));
    send("tutor:start", { lessonId: null });
    const prompt = await inbox.next<{ kind: string }>("tutor:prompt");
    send(prompt.kind === "choice" || prompt.kind === "listen" ? "tutor:choose" : "tutor:answer", prompt.kind === "choice" || prompt.kind === "listen" ? { index: 0 } : { text: "안녕하세요" });
    expect(["advance", "retry", "reveal"]).toContain((await inbox.next<{ outcome: string }>("tutor:feedback")).outcome);
    send("tutor:audio", { audioId: randomUUID() });
    expect(["audio_not_found", "voice_unavailable"]).toContain((await inbox.next<{ code: string }>("error")).code);
    expect(inbox.unread("error")).toEqual([]);
    await room.leave();
  });
});

// Last: it stops the server, to see what a client is told when it drains.
describe("what a Unity client reads", () => {
  const seen: Seen[] = [];

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
