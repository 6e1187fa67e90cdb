import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Client } from "@colyseus/sdk";
import { Inbox } from "../helpers/inbox.ts";
import { leaveCode, sleep } from "../helpers/wait.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMIT_JOINS_PER_MINUTE: "4" } });
});
afterAll(async () => {
  await server?.stop();
});

describe("flood limits in rooms", () => {
  it("drops messages over a type's budget with a rate_limited error, without disconnecting", async () => {
    const chatty = await server.join("cafe", "Chatty");
    const listener = await server.join("cafe", "Listener");
    const errors = new Inbox(chatty.room);
    const heard: string[] = [];
    listener.room.onMessage("chat", (m: { text: string }) => heard.push(m.text));
    for (let i = 0; i < 20; i += 1) chatty.room.send("chat", { text: `line ${i}` });
    expect(await errors.next("error")).toMatchObject({ code: "rate_limited" });
    await sleep(300);
    expect(heard.length).toBeGreaterThanOrEqual(8);
    expect(heard.length).toBeLessThan(12);
    // The sender is still in the room and can chat again after a pause.
    await sleep(1_100);
    chatty.room.send("chat", { text: "after a pause" });
    await vi.waitFor(() => expect(heard).toContain("after a pause"));
    await Promise.all([chatty.room.leave(), listener.room.leave()]);
  });

  it("disconnects a client that keeps flooding, and only that client", async () => {
    const flooder = await server.join("cafe", "Flooder");
    const bystander = await server.join("cafe", "Bystander");
    const closed = leaveCode(flooder.room, 10_000);
    const burst = setInterval(() => {
      for (let i = 0; i < 50; i += 1) flooder.room.send("emote", { name: "wave" });
    }, 1_000);
    try {
      expect(await closed).toBe(4002);
    } finally {
      clearInterval(burst);
    }
    bystander.room.send("emote", { name: "bow" });
    await vi.waitFor(() =>
      expect((bystander.room.state as { avatars: Map<string, { emote: string }> }).avatars.get(bystander.room.sessionId)?.emote).toBe("bow"),
    );
    await bystander.room.leave();
  });

  it("limits how often one learner can take a seat", async () => {
    const auth = await server.signIn("Hopper");
    const sdk = new Client(server.baseUrl);
    sdk.auth.token = auth.token;
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      try {
        const room = await sdk.joinOrCreate("airport", {});
        outcomes.push("joined");
        await room.leave();
      } catch (error) {
        outcomes.push((error as Error).message);
      }
    }
    expect(outcomes.slice(0, 4)).toEqual(["joined", "joined", "joined", "joined"]);
    expect(outcomes.slice(4)).toEqual(["too many joins; wait a moment and try again", "too many joins; wait a moment and try again"]);
  });
});
