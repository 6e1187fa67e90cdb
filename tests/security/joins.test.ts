import { afterAll, describe, expect, it } from "vitest";
import { startTestServer, type SignedIn, type TestServer } from "../helpers/testServer.ts";

/**
 * The per-IP join limit, as an outsider would attack it: many guest accounts from one
 * address, with or without made-up proxy headers. The address counted is the one worked out
 * through the trusted proxies (TRUST_PROXY), never what a client claims.
 */

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

async function serverWith(env: Record<string, string>): Promise<TestServer> {
  const server = await startTestServer({ database: "postgres", env: { RATE_LIMIT_JOINS_PER_MINUTE: "1", ...env } });
  servers.push(server);
  return server;
}

/** A seat reservation through the matchmaking endpoint, where a room's onAuth runs. */
async function reserve(server: TestServer, who: SignedIn, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${server.baseUrl}/matchmake/joinOrCreate/airport`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${who.token}`, ...headers },
    body: "{}",
  });
  await response.body?.cancel();
  return response.status;
}

async function guests(server: TestServer, count: number, headers: Record<string, string> = {}): Promise<SignedIn[]> {
  const signedIn: SignedIn[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${server.baseUrl}/api/v1/auth/guest`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ name: `Guest${i}`, lang: "en" }),
    });
    signedIn.push((await response.json()) as SignedIn);
  }
  return signedIn;
}

describe("joins per IP", () => {
  it("counts one address however many accounts it uses, and ignores made-up proxy headers", async () => {
    // This server sits behind no proxy it trusts: every header below is the client's invention.
    const server = await serverWith({ TRUST_PROXY: "192.0.2.1" });
    const statuses: number[] = [];
    for (const [i, who] of (await guests(server, 6)).entries()) {
      const spoofed = `198.51.100.${i + 1}`;
      statuses.push(await reserve(server, who, { "x-real-ip": spoofed, "x-forwarded-for": spoofed, "x-client-ip": spoofed }));
    }
    // One join per learner a minute, four per IP: the fifth and sixth accounts are refused.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it("applies with no proxy header at all", async () => {
    const server = await serverWith({ TRUST_PROXY: "false" });
    const statuses = [];
    for (const who of await guests(server, 5)) statuses.push(await reserve(server, who));
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it("believes X-Forwarded-For from a trusted proxy, and only that header", async () => {
    // The test connects from loopback, which the default TRUST_PROXY trusts: it is the proxy.
    const server = await serverWith({});
    const behind = (address: string) => ({ "x-forwarded-for": address, "x-real-ip": `203.0.113.${Math.floor(Math.random() * 250)}` });
    const first: number[] = [];
    for (const who of await guests(server, 5)) first.push(await reserve(server, who, behind("203.0.113.7")));
    expect(first).toEqual([200, 200, 200, 200, 429]);
    // Another client behind the same proxy has its own budget.
    const [other] = await guests(server, 1);
    expect(await reserve(server, other!, behind("203.0.113.8"))).toBe(200);
  });

  it("limits each learner across rooms with whole-number costs", async () => {
    const server = await serverWith({ TRUST_PROXY: "true", RATE_LIMIT_JOINS_PER_MINUTE: "2" });
    const [who] = await guests(server, 1);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push(await reserve(server, who!, { "x-forwarded-for": `198.51.100.${i + 1}` }));
    expect(statuses).toEqual([200, 200, 429]);
  });
});
