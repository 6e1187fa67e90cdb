import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../../bench/serverProcess.ts";
import { createTempDatabase, type TempDatabase } from "../helpers/postgres.ts";
import { startRedis, type RedisServer } from "../helpers/processes.ts";

/**
 * Rate limits are per deployment, not per process: two KOTO processes sharing Redis count
 * every sign-in and every join from one client against one budget, whichever process the
 * client reaches.
 */

const JOINS_PER_MINUTE = 3; // per learner; per IP four times that: 12
const SIGNINS_PER_MINUTE = 8;
let redis: RedisServer;
let database: TempDatabase;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  database = await createTempDatabase("koto_limits");
  const env = {
    REDIS_URL: redis.url,
    DATABASE_URL: database.url,
    JWT_SECRET: "limits-test-jwt-secret-0123456789abcdef",
    RATE_LIMIT_JOINS_PER_MINUTE: String(JOINS_PER_MINUTE),
    RATE_LIMIT_SIGNIN_PER_MINUTE: String(SIGNINS_PER_MINUTE),
  };
  // One after the other: the first applies the migrations.
  processes.push(await startServerProcess(env));
  processes.push(await startServerProcess(env));
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(processes.map((p) => p.stop()));
  await redis?.stop();
  await database?.drop();
});

/** Alternates between the two processes, as a gateway spreading a client's requests would. */
const via = (i: number) => processes[i % 2]!.baseUrl;

async function signIn(i: number): Promise<{ status: number; token?: string }> {
  const response = await fetch(`${via(i)}/api/v1/auth/guest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: `Guest${i}`, lang: "en" }),
  });
  const body = (await response.json()) as { token?: string };
  return { status: response.status, token: body.token };
}

async function reserve(i: number, token: string): Promise<number> {
  const response = await fetch(`${via(i)}/matchmake/joinOrCreate/airport`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: "{}",
  });
  await response.body?.cancel();
  return response.status;
}

describe("limits shared through Redis by two processes", () => {
  const tokens: string[] = [];

  it("counts one learner's joins on both processes against one budget", async () => {
    const signedIn = await signIn(0);
    expect(signedIn.status).toBe(201);
    tokens.push(signedIn.token!);
    const statuses = [];
    for (let i = 0; i < JOINS_PER_MINUTE + 1; i += 1) statuses.push(await reserve(i, signedIn.token!));
    // Per process memory would allow 2 + 2 here.
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it("counts one IP's joins with many accounts on both processes against one budget", async () => {
    for (let i = 1; i <= 4; i += 1) {
      const signedIn = await signIn(i);
      expect(signedIn.status).toBe(201);
      tokens.push(signedIn.token!);
    }
    const statuses = [];
    for (const [n, token] of tokens.slice(1).entries()) {
      for (let j = 0; j < JOINS_PER_MINUTE; j += 1) statuses.push(await reserve(n + j, token));
    }
    // The IP's budget is 4 x 3 = 12 joins; the first learner took 3, so 9 of these 12 pass.
    expect(statuses.filter((s) => s === 200)).toHaveLength(9);
    expect(statuses.slice(9)).toEqual([429, 429, 429]);
  });

  it("counts sign-ins (an HTTP limit) from one IP on both processes against one budget", async () => {
    // Five sign-ins so far; three more are allowed, whichever process takes them.
    const statuses = [];
    for (let i = 5; i < 10; i += 1) statuses.push((await signIn(i)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it("keeps the counters in Redis", async () => {
    const { Redis } = await import("ioredis");
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys("koto:limit:*");
      expect(keys.some((key) => key.startsWith("koto:limit:join:ip:"))).toBe(true);
      expect(keys.some((key) => key.startsWith("koto:limit:signin:"))).toBe(true);
    } finally {
      client.disconnect();
    }
  });

  it("keeps serving, counting in each process, while Redis is down", async () => {
    await redis.stop();
    try {
      for (const process of processes) {
        const started = Date.now();
        const response = await fetch(`${process.baseUrl}/api/v1/lessons`);
        expect(response.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(2_000);
      }
    } finally {
      // Back for the processes' own shutdown, which leaves the shared matchmaker through it.
      await redis.start();
    }
  });
});
