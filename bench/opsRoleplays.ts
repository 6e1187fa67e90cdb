// How long the operator console's stored roleplay list (GET /api/v1/ops/roleplays) takes:
// `node bench/opsRoleplays.ts [--roleplays 5000] [--admin postgresql://postgres@127.0.0.1:5432/test]`.
// Makes a database of its own (`koto_bench_roleplays`, afresh, migrated by the server's own
// start-up), fills it with SQL: two players' sessions per roleplay, eight events each (start,
// six judged lines, completion), and 90,000 solo evaluations beside them; then times the
// list of the latest 200, five runs after a warm-up (docs/OPERATIONS.md).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig } from "../config/config.ts";
import { createServices } from "../services/index.ts";
import { createLogger } from "../services/logger.ts";

const { values } = parseArgs({ options: { roleplays: { type: "string", default: "5000" }, admin: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/test" } } });
const ROLEPLAYS = Number(values.roleplays);
const NAME = "koto_bench_roleplays";

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: values.admin });
  await admin.connect();
  await admin.query(sql);
  await admin.end();
}

await adminQuery(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
await adminQuery(`CREATE DATABASE ${NAME}`);
const url = new URL(values.admin);
url.pathname = `/${NAME}`;
const dataDir = await mkdtemp(path.join(os.tmpdir(), "koto-bench-roleplays-"));
const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", KOTO_DATA_DIR: dataDir, DATABASE_URL: url.toString(), MONITOR_PASSWORD: "bench-roleplays-password", TTS_PROVIDER: "none" });
const services = await createServices(config, createLogger("silent"));

const db = new pg.Client({ connectionString: url.toString() });
await db.connect();
await db.query(`INSERT INTO users (id, display_name, lang) SELECT gen_random_uuid(), 'L' || g, 'en' FROM generate_series(1, 400) g`);
await db.query(`
  WITH u AS (SELECT id, row_number() OVER () AS n FROM users)
  INSERT INTO learning_sessions (id, user_id, scene, room_id, lang, status, started_at)
  SELECT gen_random_uuid(), (SELECT id FROM u WHERE n = 1 + (g * 2 + p) % 400), 'cafe', 'room' || (g % 7), 'en', 'ended', now() - (g || ' minutes')::interval
  FROM generate_series(1, ${ROLEPLAYS}) g, generate_series(0, 1) p`);
await db.query(`
  WITH s AS (SELECT id, started_at, row_number() OVER (ORDER BY started_at, id) AS n FROM learning_sessions),
  pairs AS (SELECT id, started_at, (n + 1) / 2 AS rp, n % 2 AS side FROM s),
  ids AS (SELECT rp, gen_random_uuid() AS rid FROM pairs GROUP BY rp)
  INSERT INTO session_events (id, session_id, event_type, pass_fail, created_at, roleplay_id, roleplay_role, metadata)
  SELECT gen_random_uuid(), p.id,
    CASE WHEN k = 0 THEN 'roleplay_start' WHEN k = 7 THEN 'roleplay_complete' ELSE 'evaluation' END,
    CASE WHEN k BETWEEN 1 AND 6 THEN k % 3 <> 0 END, p.started_at + (k || ' seconds')::interval, ids.rid,
    CASE WHEN p.side = 1 THEN 'customer' ELSE 'staff' END, jsonb_build_object('lessonId', 'cafe-order')
  FROM pairs p JOIN ids USING (rp), generate_series(0, 7) k`);
await db.query(`
  INSERT INTO session_events (id, session_id, event_type, pass_fail, created_at)
  SELECT gen_random_uuid(), (SELECT id FROM learning_sessions LIMIT 1), 'evaluation', true, now() FROM generate_series(1, 90000)`);
await db.query("ANALYZE");
await db.end();

const times: number[] = [];
for (let i = 0; i < 6; i++) {
  const started = performance.now();
  const listed = await services.ops.roleplays(200);
  if (i > 0) times.push(performance.now() - started);
  if (listed.length !== Math.min(200, ROLEPLAYS)) throw new Error(`listed ${listed.length} roleplays`);
}
times.sort((a, b) => a - b);
console.log(`${ROLEPLAYS} roleplays (${ROLEPLAYS * 16} events): the latest 200 in median ${times[2]!.toFixed(0)} ms of 5 runs (min ${times[0]!.toFixed(0)}, max ${times[4]!.toFixed(0)})`);
await services.close();
await rm(dataDir, { recursive: true, force: true });
await adminQuery(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
