import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as schemas from "../../http/openapi/opsSchemas.ts";
import { CloseCode, ErrorCode } from "../../rooms/protocol.ts";
import { SERVER_MESSAGES } from "../../rooms/serverMessages.ts";
import { query } from "../helpers/postgres.ts";
import { MONITOR_PASSWORD, startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";
import { collect, leaveCode, nextMessage } from "../helpers/wait.ts";

/**
 * Moderation end to end: operator actions through the ops API reach real SDK clients in the
 * room (told why, in their language), the abuse filter holds lines back and logs its decision,
 * and every action lands in the audit trail.
 */

let server: TestServer;
let siti: JoinedLearner;
let ana: JoinedLearner;
const OPERATOR = { authorization: `Basic ${Buffer.from(`admin:${MONITOR_PASSWORD}`).toString("base64")}`, "content-type": "application/json" };
const sql = <R extends Record<string, unknown>>(text: string, params: unknown[] = []) => query<R>(server.database!.url, text, params);

async function act(roomId: string, body: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.baseUrl}/api/v1/ops/rooms/${roomId}/actions`, { method: "POST", headers: OPERATOR, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function live() {
  const response = await fetch(`${server.baseUrl}/api/v1/ops/live`, { headers: OPERATOR });
  return schemas.liveRooms.parse(await response.json());
}

beforeAll(async () => {
  server = await startTestServer({ database: "postgres" });
  siti = await server.join("cafe", "Siti", "id");
  ana = await server.join("cafe", "Ana", "en");
  expect(ana.room.roomId).toBe(siti.room.roomId);
});

afterAll(async () => {
  await server?.stop();
});

describe("chat and the abuse filter", () => {
  it("gives every line an id, and holds abusive lines back in Korean and English, with the decision stored", async () => {
    const heard = collect<{ id: string; text: string }>(ana.room, "chat");
    const line = nextMessage<{ id: string; text: string }>(ana.room, "chat");
    siti.room.send("chat", { text: "안녕하세요!" });
    const clean = await line;
    expect(SERVER_MESSAGES.chat.parse(clean)).toMatchObject({ text: "안녕하세요!", id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string });
    for (const abusive of ["이 개 새 끼야", "you fucking idiot"]) {
      const refused = nextMessage<{ code: string; message: string }>(siti.room, "error");
      siti.room.send("chat", { text: abusive });
      expect(await refused).toEqual({ code: ErrorCode.CHAT_BLOCKED, message: "Pesan itu tidak terkirim: mohon jaga obrolan tetap ramah." });
    }
    await server.services.writes.flush(5_000);
    const rows = await sql<{ text: string; matched: string[]; user_id: string; decision: string }>(`SELECT text, matched, user_id, decision FROM chat_filter_decisions ORDER BY created_at`);
    expect(rows).toEqual([
      { text: "이 개 새 끼야", matched: expect.arrayContaining(["개새끼"]) as string[], user_id: siti.auth.learner.userId, decision: "blocked" },
      { text: "you fucking idiot", matched: ["fuck"], user_id: siti.auth.learner.userId, decision: "blocked" },
    ]);
    expect(heard.map((m) => m.text)).toEqual(["안녕하세요!"]);
  });
});

describe("operator actions reach the learner", () => {
  it("mutes a learner (told why, in their language), and unmutes them", async () => {
    const told = nextMessage<Record<string, unknown>>(siti.room, "moderation");
    const done = await act(siti.room.roomId, { action: "mute", sessionId: siti.room.sessionId, reason: "spamming the chat", minutes: 5 });
    expect(done).toMatchObject({ status: 200, body: { ok: true, targetUserId: siti.auth.learner.userId } });
    const notice = SERVER_MESSAGES.moderation.parse(await told);
    expect(notice).toMatchObject({ code: "muted", reason: "spamming the chat", message: "Moderator menonaktifkan obrolan Anda untuk sementara." });
    expect(notice.until! - Date.now()).toBeGreaterThan(4 * 60_000);
    const heard = collect(ana.room, "chat");
    const refused = nextMessage<{ code: string }>(siti.room, "error");
    siti.room.send("chat", { text: "halo semua" });
    expect((await refused).code).toBe(ErrorCode.CHAT_MUTED);
    const shown = (await live()).rooms[0]!.learners!.find((l) => l.sessionId === siti.room.sessionId)!;
    expect(shown.mutedUntil).toBe(notice.until);

    const unmuted = nextMessage<{ code: string }>(siti.room, "moderation");
    expect((await act(siti.room.roomId, { action: "unmute", sessionId: siti.room.sessionId, reason: "ok now" })).status).toBe(200);
    expect((await unmuted).code).toBe("unmuted");
    const again = nextMessage<{ text: string }>(ana.room, "chat");
    siti.room.send("chat", { text: "maaf" });
    expect((await again).text).toBe("maaf");
    expect(heard.map((m) => (m as { text: string }).text)).toEqual(["maaf"]);
  });

  it("takes a chat line back from everyone", async () => {
    const lines = collect<{ id: string; text: string }>(siti.room, "chat");
    ana.room.send("chat", { text: "a line to take back" });
    await vi.waitFor(() => expect(lines.map((l) => l.text)).toContain("a line to take back"));
    const { id } = lines.find((l) => l.text === "a line to take back")!;
    const listed = (await live()).rooms[0]!.recentChat!.find((c) => c.id === id);
    expect(listed).toMatchObject({ text: "a line to take back", userId: ana.auth.learner.userId });
    const removedForSiti = nextMessage<{ id: string }>(siti.room, "chat:removed");
    const removedForAna = nextMessage<{ id: string }>(ana.room, "chat:removed");
    expect((await act(ana.room.roomId, { action: "delete_chat", messageId: id, reason: "off topic" })).status).toBe(200);
    expect(await removedForSiti).toEqual({ id });
    expect(await removedForAna).toEqual({ id });
    const avatars = () => (siti.room.state as { avatars: Map<string, { chat: string }> }).avatars;
    await vi.waitFor(() => expect(avatars().get(ana.room.sessionId)?.chat).toBe(""));
    expect(await act(ana.room.roomId, { action: "delete_chat", messageId: id, reason: "again" })).toMatchObject({ status: 404, body: { error: { code: "no_such_message" } } });
  });

  it("locks a room: new learners get another room; unlocking opens it again", async () => {
    const roomId = siti.room.roomId;
    expect((await act(roomId, { action: "lock", reason: "an incident" })).status).toBe(200);
    await vi.waitFor(async () => expect((await live()).rooms.find((r) => r.roomId === roomId)?.locked).toBe(true));
    const late = await server.join("cafe", "Late", "en");
    expect(late.room.roomId).not.toBe(roomId);
    await late.room.leave();
    expect((await act(roomId, { action: "unlock", reason: "resolved" })).status).toBe(200);
    await vi.waitFor(async () => expect((await live()).rooms.find((r) => r.roomId === roomId)?.locked).toBe(false));
  });

  it("removes a learner (told why, closed with 4005) and keeps them out of the room for a while", async () => {
    const told = nextMessage<{ code: string; reason: string }>(siti.room, "moderation");
    const closed = leaveCode(siti.room);
    expect((await act(siti.room.roomId, { action: "remove", sessionId: siti.room.sessionId, reason: "abuse", minutes: 10 })).status).toBe(200);
    expect(await told).toMatchObject({ code: "removed", reason: "abuse" });
    expect(await closed).toBe(CloseCode.REMOVED);
    await expect(siti.sdk.joinById(ana.room.roomId, { lang: "id" })).rejects.toThrow(/Moderator mengeluarkan Anda/);
    await server.services.writes.flush(5_000);
    await vi.waitFor(async () => {
      const [session] = await sql<{ end_reason: string }>(`SELECT end_reason FROM learning_sessions WHERE user_id = $1 AND room_id = $2 ORDER BY started_at LIMIT 1`, [siti.auth.learner.userId, ana.room.roomId]);
      expect(session?.end_reason).toBe("removed");
    });
    const gone = await act(ana.room.roomId, { action: "mute", sessionId: siti.room.sessionId, reason: "late", minutes: 1 });
    expect(gone).toMatchObject({ status: 404, body: { error: { code: "no_such_learner" } } });
  });

  it("has written every action to the audit trail", async () => {
    await server.services.writes.flush(5_000);
    const rows = await sql<{ operator: string; action: string; outcome: string; reason: string }>(`SELECT operator, action, outcome, reason FROM operator_actions ORDER BY created_at`);
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ["mute", "done"], ["unmute", "done"], ["delete_chat", "done"], ["delete_chat", "no_such_message"],
      ["lock", "done"], ["unlock", "done"], ["remove", "done"], ["mute", "no_such_learner"],
    ]);
    expect(new Set(rows.map((r) => r.operator))).toEqual(new Set(["admin"]));
  });
});
