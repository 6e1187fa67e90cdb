import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TURN_LIMIT_MS, TURN_NUDGE_MS } from "../../domain/roleplay/roleplaySession.ts";
import { SERVER_MESSAGES } from "../../rooms/serverMessages.ts";
import { listRoleplays } from "../../services/roleplay/RoleplayLog.ts";
import { fixtureContent } from "../helpers/fixtureContent.ts";
import { Inbox } from "../helpers/inbox.ts";
import { ManualClock } from "../helpers/manualClock.ts";
import { startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";

interface Cue {
  roleplayId: string;
  round: number;
  role: "customer" | "staff";
  activityId: string;
  index: number;
  heard: string;
  task: string;
  attempt: number;
}
interface Feedback {
  roleplayId: string;
  pass: boolean;
  outcome: string;
  role: string;
  feedback: string;
}
interface Notice {
  roleplayId: string;
  code: string;
  message: string;
}
interface Done {
  roleplayId: string;
  lines: number;
  passed: number;
  npcLines: number;
  feedback: string;
}
interface RoleplayView {
  id: string;
  round: number;
  speaker: string;
  customer: string;
  staff: string;
  lines: Array<{ role: string; name: string; text: string; by: string }>;
}

/** The fixture cafe lesson's script: the staff's lines and a right customer answer for each. */
const RIGHT: Record<string, { staff: string; customer: string }> = {
  "cafe.greet": { staff: "어서 오세요! 안녕하세요?", customer: "안녕하세요" },
  "cafe.order": { staff: "주문하시겠어요?", customer: "아메리카노 한 잔 주세요" },
  "cafe.pay": { staff: "결제는 어떻게 하시겠어요?", customer: "카드로 할게요" },
};
const LINES_PER_ROUND = 6;

let server: TestServer;
let content: Awaited<ReturnType<typeof fixtureContent>>;
const clock = new ManualClock(new Date());

beforeAll(async () => {
  content = await fixtureContent();
  server = await startTestServer({ database: "postgres", overrides: { contentDir: content.dir, clock } });
});
afterAll(async () => {
  await server?.stop();
  await content?.remove();
});

const inboxes = new WeakMap<Room, Inbox>();
function inbox(room: Room): Inbox {
  let box = inboxes.get(room);
  if (!box) inboxes.set(room, (box = new Inbox(room)));
  return box;
}

/** Every message is checked against its protocol schema as it is read. */
async function next<T>(learner: JoinedLearner, type: keyof typeof SERVER_MESSAGES, ms?: number): Promise<T> {
  const message = await inbox(learner.room).next<T>(type, ms);
  SERVER_MESSAGES[type].parse(message);
  return message;
}

async function join(name: string, lang: "en" | "id" | "vi"): Promise<JoinedLearner> {
  const learner = await server.join("cafe", name, lang);
  inbox(learner.room);
  return learner;
}

function roleplayOf(room: Room): RoleplayView | undefined {
  const roleplays = (room.state as { roleplays?: Map<string, RoleplayView> }).roleplays;
  return roleplays ? [...roleplays.values()][0] : undefined;
}

function markerOf(room: Room, sessionId: string): string | undefined {
  return (room.state as { avatars: Map<string, { roleplay: string }> }).avatars.get(sessionId)?.roleplay;
}

/** Ana invites Binh; Binh accepts. Ana plays the customer first; Binh gets the first cue. */
async function pair(ana: JoinedLearner, binh: JoinedLearner): Promise<Cue> {
  ana.room.send("roleplay:invite", { sessionId: binh.room.sessionId });
  const invited = await next<{ inviteId: string; fromName: string; message: string }>(binh, "roleplay:invited");
  expect(invited.fromName).toBe(ana.auth.learner.name);
  binh.room.send("roleplay:accept", { inviteId: invited.inviteId });
  const cue = await next<Cue>(binh, "roleplay:cue");
  expect(cue).toMatchObject({ role: "staff", round: 1, index: 0, heard: "" });
  return cue;
}

/** Says the right line for a cue and returns the speaker's feedback. */
async function sayRight(learner: JoinedLearner, cue: Cue): Promise<Feedback> {
  learner.room.send("roleplay:answer", { text: RIGHT[cue.activityId]![cue.role] });
  return next<Feedback>(learner, "roleplay:feedback");
}

describe("roleplay between two learners", () => {
  it("plays both rounds to the end with right and wrong answers, the roles swapped, each told privately", async () => {
    const ana = await join("Ana", "en");
    const binh = await join("Binh", "vi");
    const chris = await join("Chris", "id");
    const first = await pair(ana, binh);
    const id = first.roleplayId;

    // Both players see the shared roleplay; the rest of the room sees only the markers.
    await vi.waitFor(() => expect(roleplayOf(ana.room)).toMatchObject({ id, customer: ana.room.sessionId, staff: binh.room.sessionId, speaker: binh.room.sessionId }));
    await vi.waitFor(() => expect(roleplayOf(binh.room)?.id).toBe(id));
    await vi.waitFor(() => expect([markerOf(chris.room, ana.room.sessionId), markerOf(chris.room, binh.room.sessionId)]).toEqual([id, id]));
    expect(roleplayOf(chris.room)).toBeUndefined();

    // Ana may not speak out of turn.
    ana.room.send("roleplay:answer", { text: "안녕하세요" });
    expect(await next<{ code: string }>(ana, "error")).toMatchObject({ code: "roleplay_not_your_turn" });

    expect(await sayRight(binh, first)).toMatchObject({ pass: true, outcome: "advance", role: "staff" });
    let cue = await next<Cue>(ana, "roleplay:cue");
    expect(cue).toMatchObject({ role: "customer", heard: RIGHT["cafe.greet"]!.staff });
    expect(cue.task).toMatch(/^You are the Customer\./);

    // A wrong answer: Ana alone hears why, in English, and tries again.
    ana.room.send("roleplay:answer", { text: "안녕" });
    const wrong = await next<Feedback>(ana, "roleplay:feedback");
    expect(wrong).toMatchObject({ pass: false, outcome: "retry" });
    expect(inbox(binh.room).unread("roleplay:feedback")).toEqual([]);
    ana.room.send("roleplay:hint");
    expect(await next<{ ko: string }>(ana, "roleplay:hint")).toMatchObject({ ko: "안녕하세요" });
    cue = await next<Cue>(ana, "roleplay:cue");
    expect(cue.attempt).toBe(2);
    expect(await sayRight(ana, cue)).toMatchObject({ pass: true });

    // The rest of round one, alternating.
    const players = { customer: ana, staff: binh };
    for (let line = 2; line < LINES_PER_ROUND; line += 1) {
      const speaker = line % 2 === 0 ? players.staff : players.customer;
      cue = await next<Cue>(speaker, "roleplay:cue");
      expect(await sayRight(speaker, cue)).toMatchObject({ pass: true });
    }
    await vi.waitFor(() => expect(roleplayOf(binh.room)?.round).toBe(2));

    // Round two: Ana is the barista now, Binh the customer, and they are told so in their own language.
    expect(await next<Notice>(ana, "roleplay:notice")).toMatchObject({ code: "round_two", message: expect.stringContaining("Barista") as string });
    expect(await next<Notice>(binh, "roleplay:notice")).toMatchObject({ code: "round_two", message: expect.stringContaining("Khách hàng") as string });
    for (let line = 0; line < LINES_PER_ROUND; line += 1) {
      const speaker = line % 2 === 0 ? ana : binh;
      cue = await next<Cue>(speaker, "roleplay:cue");
      expect(cue).toMatchObject({ round: 2, role: line % 2 === 0 ? "staff" : "customer" });
      expect(await sayRight(speaker, cue)).toMatchObject({ pass: true });
    }
    expect(await next<Done>(ana, "roleplay:done")).toMatchObject({ roleplayId: id, lines: 6, passed: 6, npcLines: 0 });
    const binhDone = await next<Done>(binh, "roleplay:done");
    expect(binhDone).toMatchObject({ lines: 6, passed: 6 });
    expect(binhDone.feedback).toMatch(/Nhập vai xong/);
    await vi.waitFor(() => expect(markerOf(chris.room, ana.room.sessionId)).toBe(""));
    await vi.waitFor(() => expect(roleplayOf(ana.room)).toBeUndefined());

    // Stored like solo turns, with the roleplay's id and the role played.
    expect(await server.services.writes.flush(5_000)).toBe(true);
    const rows = await server.services.db.prisma.$queryRaw<Array<{ user_id: string; event_type: string; roleplay_role: string; pass_fail: boolean | null; activity_id: string | null }>>`
      SELECT s."user_id"::text, e."event_type", e."roleplay_role", e."pass_fail", e."activity_id"
      FROM "session_events" e JOIN "learning_sessions" s ON s."id" = e."session_id"
      WHERE e."roleplay_id" = ${id}::uuid ORDER BY e."created_at"`;
    const anaRows = rows.filter((row) => row.user_id === ana.auth.learner.userId);
    expect(anaRows.filter((row) => row.event_type === "evaluation").map((row) => [row.roleplay_role, row.pass_fail])).toEqual([
      ["customer", false],
      ["customer", true],
      ["customer", true],
      ["customer", true],
      ["staff", true],
      ["staff", true],
      ["staff", true],
    ]);
    expect(rows.map((row) => row.event_type)).toEqual(expect.arrayContaining(["roleplay_start", "hint", "roleplay_complete"]));

    const [listed] = (await listRoleplays(server.services.db)).filter((roleplay) => roleplay.id === id);
    expect(listed).toMatchObject({ id, scene: "cafe", lessonId: "cafe-order", status: "completed", answers: 13, passed: 12, npcLines: 0 });
    expect(listed!.players.map((p) => [p.name, p.lang, p.firstRole])).toEqual([
      ["Ana", "en", "customer"],
      ["Binh", "vi", "staff"],
    ]);
    await Promise.all([ana.room.leave(), binh.room.leave(), chris.room.leave()]);
  }, 30_000);

  it("goes on with the NPC in the part of a partner who leaves mid-way", async () => {
    const ana = await join("Ana", "en");
    const dara = await join("Dara", "id");
    const first = await pair(ana, dara);
    const id = first.roleplayId;
    expect(await sayRight(dara, first)).toMatchObject({ pass: true });
    let cue = await next<Cue>(ana, "roleplay:cue");
    await dara.room.leave();

    expect(await next<Notice>(ana, "roleplay:notice")).toMatchObject({ code: "partner_left", message: expect.stringContaining("Dara") as string });
    await vi.waitFor(() => expect(roleplayOf(ana.room)).toMatchObject({ staff: "npc" }));
    // Ana plays all her lines; the NPC says every staff line at once, in both rounds.
    for (let line = 0; line < LINES_PER_ROUND; line += 1) {
      if (line > 0) cue = await next<Cue>(ana, "roleplay:cue");
      if (line === 3) expect(await next<Notice>(ana, "roleplay:notice")).toMatchObject({ code: "round_two" });
      expect(cue.round).toBe(line < 3 ? 1 : 2);
      if (cue.role === "customer") expect(cue.heard).toBe(RIGHT[cue.activityId]!.staff);
      expect(await sayRight(ana, cue)).toMatchObject({ pass: true });
    }
    expect(await next<Done>(ana, "roleplay:done")).toMatchObject({ roleplayId: id, lines: 6, passed: 6, npcLines: 0 });
    expect(await server.services.writes.flush(5_000)).toBe(true);
    const [listed] = (await listRoleplays(server.services.db)).filter((roleplay) => roleplay.id === id);
    expect(listed).toMatchObject({ status: "completed", answers: 7 });
    await ana.room.leave();
  }, 30_000);

  it("pairs two learners near the NPC; a slow speaker is prompted, then the NPC says their line", async () => {
    const ana = await join("Ana", "en");
    const binh = await join("Binh", "vi");
    ana.room.send("roleplay:find", {});
    expect(await next<{ code: string }>(ana, "error")).toMatchObject({ code: "roleplay_not_near" });
    await Promise.all([walkToNpc(ana), walkToNpc(binh)]);
    ana.room.send("roleplay:find", {});
    expect(await next<Notice>(ana, "roleplay:notice")).toMatchObject({ code: "waiting" });
    binh.room.send("roleplay:find", {});
    const cue = await next<Cue>(binh, "roleplay:cue");
    expect(cue).toMatchObject({ role: "staff", index: 0 });

    clock.advance(TURN_NUDGE_MS);
    expect(await next<Notice>(binh, "roleplay:notice")).toMatchObject({ code: "nudge", message: expect.stringContaining("Ana") as string });
    clock.advance(TURN_LIMIT_MS - TURN_NUDGE_MS);
    expect(await next<Notice>(binh, "roleplay:notice")).toMatchObject({ code: "npc_played" });
    const anaCue = await next<Cue>(ana, "roleplay:cue");
    expect(anaCue).toMatchObject({ role: "customer", heard: RIGHT["cafe.greet"]!.staff });
    await vi.waitFor(() => expect([...(roleplayOf(ana.room)?.lines ?? [])].map(({ role, name, text, by }) => ({ role, name, text, by }))).toEqual([{ role: "staff", name: "바리스타", text: RIGHT["cafe.greet"]!.staff, by: "npc" }]));

    // Leaving at any time: Ana leaves the roleplay but stays in the room.
    ana.room.send("roleplay:leave");
    await vi.waitFor(() => expect(markerOf(binh.room, ana.room.sessionId)).toBe(""));
    expect(await next<Notice>(binh, "roleplay:notice")).toMatchObject({ code: "partner_left" });
    // The roleplay goes on for Binh with the NPC as the customer; Ana no longer receives it.
    await vi.waitFor(() => expect(roleplayOf(binh.room)).toMatchObject({ customer: "npc", speaker: binh.room.sessionId }));
    await vi.waitFor(() => expect(roleplayOf(ana.room)).toBeUndefined());
    ana.room.send("roleplay:answer", { text: "안녕하세요" });
    expect(await next<{ code: string }>(ana, "error")).toMatchObject({ code: "roleplay_not_in" });
    await Promise.all([ana.room.leave(), binh.room.leave()]);
  }, 30_000);

  it("the NPC says a dropped player's lines until they reconnect; back, they see the roleplay and take their next line", async () => {
    const ana = await join("Ana", "en");
    const binh = await join("Binh", "vi");
    const first = await pair(ana, binh);
    // Binh's connection drops while it is his line: the NPC says it, and Ana is cued.
    binh.room.reconnection.enabled = false;
    const token = binh.room.reconnectionToken;
    const serverRoom = matchMaker.getLocalRoomById(binh.room.roomId);
    (serverRoom.clients.getById(binh.room.sessionId) as unknown as { ref: { terminate(): void } }).ref.terminate();
    expect(await next<Notice>(ana, "roleplay:notice")).toMatchObject({ code: "partner_away", message: expect.stringContaining("Binh") as string });
    const cue = await next<Cue>(ana, "roleplay:cue");
    expect(cue).toMatchObject({ role: "customer", heard: RIGHT[first.activityId]!.staff });

    const back = await binh.sdk.reconnect(token);
    const binhBack: JoinedLearner = { ...binh, room: back };
    inbox(back);
    expect(await next<Notice>(ana, "roleplay:notice")).toMatchObject({ code: "partner_back" });
    await vi.waitFor(() => expect(roleplayOf(back)).toMatchObject({ id: first.roleplayId, staff: binh.room.sessionId }));
    expect(await sayRight(ana, cue)).toMatchObject({ pass: true });
    const binhCue = await next<Cue>(binhBack, "roleplay:cue");
    expect(binhCue).toMatchObject({ role: "staff", activityId: "cafe.order" });
    expect(await sayRight(binhBack, binhCue)).toMatchObject({ pass: true });
    await Promise.all([ana.room.leave(), back.leave()]);
  }, 30_000);

  it("refuses bad input with a clear error and keeps the connection", async () => {
    const ana = await join("Ana", "en");
    ana.room.send("roleplay:accept", { inviteId: "00000000-0000-4000-8000-000000000000" });
    expect(await next<{ code: string; message: string }>(ana, "error")).toMatchObject({ code: "roleplay_invite_gone", message: "That invitation is no longer open." });
    ana.room.send("roleplay:invite", { sessionId: "nobody-here" });
    expect(await next<{ code: string }>(ana, "error")).toMatchObject({ code: "roleplay_partner_unavailable" });
    ana.room.send("roleplay:invite", { sessionId: ana.room.sessionId, lessonId: "airport-checkin" });
    expect(await next<{ code: string }>(ana, "error")).toMatchObject({ code: "roleplay_no_script" });
    ana.room.send("roleplay:hint");
    expect(await next<{ code: string }>(ana, "error")).toMatchObject({ code: "roleplay_not_in" });
    // A payload that does not parse is refused by the room's gate, and the learner stays connected.
    ana.room.send("roleplay:answer", { text: 42 });
    expect(await next<{ code: string }>(ana, "error")).toMatchObject({ code: "invalid_message" });
    ana.room.send("roleplay:leave");
    expect(await next<{ code: string }>(ana, "error")).toMatchObject({ code: "roleplay_not_in" });
    await ana.room.leave();
  });
});

/** Walks an avatar up to the NPC in steps the movement rules allow. */
async function walkToNpc(learner: JoinedLearner): Promise<void> {
  const avatar = () => (learner.room.state as { avatars: Map<string, { x: number; y: number }> }).avatars.get(learner.room.sessionId)!;
  const target = { x: 0, y: 2.5 };
  await vi.waitFor(
    () => {
      const { x, y } = avatar();
      if (Math.hypot(target.x - x, target.y - y) < 0.5) return;
      const step = Math.min(1, Math.hypot(target.x - x, target.y - y));
      const angle = Math.atan2(target.y - y, target.x - x);
      learner.room.send("move", { x: x + Math.cos(angle) * step, y: y + Math.sin(angle) * step });
      throw new Error("still walking");
    },
    { timeout: 10_000, interval: 300 },
  );
}
