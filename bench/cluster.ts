// Two processes behind Caddy, as docs/DEPLOY.md describes: `npm run bench:cluster`.
// Uses the PostgreSQL and Redis given by DATABASE_URL / REDIS_URL (a fresh database is
// created on the PostgreSQL server), starts two KOTO processes and the Caddy gateway, seats
// learners through the gateway, then sends SIGTERM to one process and measures the drain and
// how long displaced learners take to resume their lesson on the other process.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { Client, type Room } from "@colyseus/sdk";
import pg from "pg";
import { freePort, startServerProcess, type ServerProcess } from "./serverProcess.ts";
import { summarizeMs } from "./stats.ts";

const { values } = parseArgs({ options: { learners: { type: "string", default: "60" } } });
const learners = Number(values.learners);
const adminUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const dbName = `koto_bench_${randomBytes(4).toString("hex")}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

await admin(`CREATE DATABASE "${dbName}"`);
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const gatewayPort = await freePort();
const gateway = `127.0.0.1:${gatewayPort}`;
const ports = [await freePort(), await freePort()];
const env = (i: number) => ({
  PORT: String(ports[i]),
  PUBLIC_ADDRESS: `${gateway}/p${i + 1}`,
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  JWT_SECRET: "bench-cluster-secret-0123456789abcdefgh",
  DRAIN_NOTICE_MS: "500",
  // Every simulated learner comes from this one machine's address.
  RATE_LIMIT_SIGNIN_PER_MINUTE: "100000",
  RATE_LIMIT_IP_PER_MINUTE: "100000",
});
const processes: ServerProcess[] = [await startServerProcess(env(0)), await startServerProcess(env(1))];
const caddy = spawn("caddy", ["run", "--adapter", "caddyfile", "--config", "deploy/Caddyfile"], {
  env: { ...process.env, KOTO_SITE: `:${gatewayPort}`, KOTO_UPSTREAM_1: `127.0.0.1:${ports[0]}`, KOTO_UPSTREAM_2: `127.0.0.1:${ports[1]}`, KOTO_MEDIA_SITE: `:${await freePort()}` },
  stdio: "ignore",
});
const base = `http://${gateway}`;
for (let i = 0; i < 100; i += 1) {
  if ((await fetch(`${base}/health`).catch(() => undefined))?.ok) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}

let notices = 0;

interface Seated {
  sdk: Client;
  room: Room;
  activityId: string;
}

async function seat(i: number): Promise<{ learner: Seated; joinMs: number }> {
  const response = await fetch(`${base}/api/v1/auth/guest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: `learner-${i}`, lang: "en" }),
  });
  if (response.status !== 201) throw new Error(`sign-in failed: ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  const sdk = new Client(base);
  sdk.auth.token = token;
  const started = performance.now();
  const room = await sdk.joinOrCreate(i % 2 ? "cafe" : "airport", {});
  const joinMs = performance.now() - started;
  room.onMessage("server:draining", () => notices++);
  const prompt = await new Promise<{ activityId: string }>((resolve) => {
    room.onMessage("tutor:prompt", resolve);
    room.send("tutor:start", {});
  });
  return { learner: { sdk, room, activityId: prompt.activityId }, joinMs };
}

try {
  // Learners arrive 25 ms apart (40 a second), not all in the same instant.
  const seated = await Promise.all(
    Array.from({ length: learners }, (_, i) => new Promise((resolve) => setTimeout(resolve, i * 25)).then(() => seat(i))),
  );
  const joins = summarizeMs(seated.map((s) => s.joinMs));
  const onFirst = seated.filter((s) => s.learner.room.connection.url?.includes("/p1/"));
  console.log(`seated ${learners} learners through the gateway: join p50 ${joins.p50} ms, p95 ${joins.p95} ms; ${onFirst.length} on process 1, ${learners - onFirst.length} on process 2`);

  const resumed: number[] = [];
  const signalled = performance.now();
  const moves = onFirst.map(({ learner }) =>
    new Promise<void>((resolve, reject) => {
      learner.room.onLeave((code) => {
        if (code !== 4001) return resolve();
        // A failed rejoin fails the run instead of leaving it waiting on a learner who never returns.
        learner.sdk.joinOrCreate(learner.room.name, {}).then((room) => {
          room.onMessage("server:draining", () => {});
          room.onMessage("tutor:prompt", (prompt: { activityId: string }) => {
            if (prompt.activityId === learner.activityId) resumed.push(performance.now() - signalled);
            resolve();
          });
          room.send("tutor:start", {});
        }, reject);
      });
    }),
  );
  const exited = new Promise<number>((resolve) => processes[0]!.child.once("exit", () => resolve(performance.now() - signalled)));
  processes[0]!.child.kill("SIGTERM");
  const [drainMs] = await Promise.all([exited, ...moves]);
  const resume = summarizeMs(resumed);
  console.log(`SIGTERM to process 1: ${notices} learners were told; it drained and exited in ${Math.round(drainMs)} ms (notice ${env(0).DRAIN_NOTICE_MS} ms)`);
  console.log(`${resumed.length} of ${onFirst.length} displaced learners resumed their lesson at the same activity on process 2: p50 ${resume.p50} ms, p95 ${resume.p95} ms, max ${resume.max} ms after the signal`);
  console.log(JSON.stringify({ learners, joinP50Ms: joins.p50, joinP95Ms: joins.p95, displaced: onFirst.length, resumed: resumed.length, drainMs: Math.round(drainMs), resumeP95Ms: resume.p95 }));
} finally {
  caddy.kill("SIGTERM");
  await Promise.allSettled(processes.map((p) => p.stop()));
  await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
}
process.exit(0);
