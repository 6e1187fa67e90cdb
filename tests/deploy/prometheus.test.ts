import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { freePort } from "../../bench/serverProcess.ts";
import { startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";

/**
 * Debian's Prometheus scrapes a running KOTO with the shipped configuration (deploy/prometheus.yml
 * and its alert rules, pointed at the test's server), and its query API returns what the
 * learners did.
 */

const DEPLOY = path.resolve("deploy");
const CHATS = 3;

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

let server: TestServer;
let learner: JoinedLearner;
let prometheus: ChildProcess;
let promUrl: string;
let dir: string;

async function promApi<T>(pathAndQuery: string): Promise<T> {
  const response = await fetch(`${promUrl}${pathAndQuery}`);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== "success") throw new Error(`Prometheus: ${body.error ?? response.status}`);
  return body.data;
}

async function instant(query: string): Promise<Sample[]> {
  const data = await promApi<{ resultType: string; result: Sample[] }>(`/api/v1/query?query=${encodeURIComponent(query)}`);
  return data.result;
}

async function startPrometheus(target: string): Promise<void> {
  dir = await mkdtemp(path.join(os.tmpdir(), "koto-prom-"));
  const shipped = parse(await readFile(path.join(DEPLOY, "prometheus.yml"), "utf8")) as {
    global: Record<string, string>;
    rule_files: string[];
    scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
  };
  // The shipped file, scraping this test's server every second.
  shipped.global = { ...shipped.global, scrape_interval: "1s", evaluation_interval: "1s" };
  shipped.rule_files = shipped.rule_files.map((file) => path.join(DEPLOY, file));
  shipped.scrape_configs[0]!.static_configs = [{ targets: [target] }];
  const config = path.join(dir, "prometheus.yml");
  await writeFile(config, stringify(shipped));
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn(
    "prometheus",
    [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  await vi.waitFor(
    async () => {
      const ready = await fetch(`${promUrl}/-/ready`);
      expect(ready.status).toBe(200);
    },
    { timeout: 20_000, interval: 200 },
  );
}

beforeAll(async () => {
  server = await startTestServer({ env: { TTS_PROVIDER: "none", AI_DAILY_BUDGET_USD: "12.5" } });
  learner = await server.join("cafe", "민수");
  learner.room.onMessage("chat", () => {});
  await startPrometheus(`127.0.0.1:${server.port}`);
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus.once("exit", resolve));
    prometheus.kill("SIGTERM");
    await exited;
  }
  await learner?.room.leave().catch(() => {});
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a real Prometheus scraping KOTO", () => {
  it("sees the process up and the learner in the cafe", async () => {
    await vi.waitFor(
      async () => {
        const [up] = await instant('up{job="koto"}');
        expect(up?.value[1]).toBe("1");
        const [connected] = await instant('koto_learners_connected{scene="cafe"}');
        expect(connected?.value[1]).toBe("1");
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  it("counts the chat lines the learner sends", async () => {
    for (let i = 0; i < CHATS; i++) learner.room.send("chat", { text: `안녕하세요 ${i}` });
    await vi.waitFor(
      async () => {
        const [chats] = await instant('koto_room_messages_total{job="koto", type="chat"}');
        expect(chats?.value[1]).toBe(String(CHATS));
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  it("reports the fullest room's share of its seats, and the AI budget", async () => {
    const capacity = server.services.catalog.scenes.get("cafe")!.capacity;
    await vi.waitFor(
      async () => {
        const [fullest] = await instant('koto_room_fullest_ratio{scene="cafe"}');
        expect(Number(fullest?.value[1])).toBeCloseTo(1 / capacity, 6);
        const [budget] = await instant("koto_ai_daily_budget_usd");
        expect(budget?.value[1]).toBe("12.5");
        const [spend] = await instant("koto_ai_spend_today_usd");
        expect(spend?.value[1]).toBe("0");
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  it("loads every alert rule and evaluates them over the scraped series without error", async () => {
    const shipped = parse(await readFile(path.join(DEPLOY, "alerts.yml"), "utf8")) as { groups: { rules: { alert: string }[] }[] };
    const names = shipped.groups.flatMap((group) => group.rules.map((rule) => rule.alert));
    await vi.waitFor(
      async () => {
        const data = await promApi<{ groups: { rules: { name: string; health: string; state: string }[] }[] }>("/api/v1/rules");
        const rules = data.groups.flatMap((group) => group.rules);
        expect(rules.map((rule) => rule.name).sort()).toEqual([...names].sort());
        for (const rule of rules) expect(rule.health, rule.name).toBe("ok");
        // A healthy server with one learner raises none of them (a busy test machine may make
        // the event-loop rule pending, never firing: it needs 2 minutes).
        expect(rules.filter((rule) => rule.state === "firing").map((rule) => rule.name)).toEqual([]);
        expect(rules.filter((rule) => rule.state !== "inactive").map((rule) => rule.name).filter((name) => name !== "KotoEventLoopLag")).toEqual([]);
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  it("runs every query of the Grafana dashboard, and the learners panel shows the learner", async () => {
    const dashboard = JSON.parse(await readFile(path.join(DEPLOY, "grafana", "koto.json"), "utf8")) as { panels: { title: string; targets: { expr: string }[] }[] };
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) await expect(instant(expr), `${panel.title}: ${expr}`).resolves.toBeInstanceOf(Array);
    }
    const learners = dashboard.panels.find((panel) => panel.title === "Learners connected")!.targets[0]!.expr;
    expect(await instant(learners)).toEqual([expect.objectContaining({ metric: { scene: "cafe" }, value: [expect.any(Number), "1"] })]);
  });

  it("has every KOTO metric the alerts and the dashboard use", async () => {
    const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
    const declared = new Set([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
      type === "histogram" ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name!],
    ));
    const used = async (file: string) => new Set((await readFile(file, "utf8")).match(/\bkoto_[a-z0-9_]+/g) ?? []);
    for (const file of [path.join(DEPLOY, "alerts.yml"), path.join(DEPLOY, "grafana", "koto.json")]) {
      const missing = [...(await used(file))].filter((name) => !declared.has(name));
      expect(missing, file).toEqual([]);
    }
  });
});

describe("promtool", () => {
  const promtool = (...args: string[]) => spawnSync("promtool", args, { encoding: "utf8", cwd: DEPLOY });

  it("accepts the configuration and the rules", () => {
    const config = promtool("check", "config", "prometheus.yml");
    expect(config.status, config.stderr + config.stdout).toBe(0);
    const rules = promtool("check", "rules", "alerts.yml");
    expect(rules.status, rules.stderr + rules.stdout).toBe(0);
    expect(rules.stdout).toMatch(/SUCCESS: 9 rules found/);
  });

  it("fires each alert on the series that should raise it (deploy/alerts.test.yml)", () => {
    const result = promtool("test", "rules", "alerts.test.yml");
    expect(result.status, result.stderr + result.stdout).toBe(0);
  });

  it("rejects a rule file with a broken expression", async () => {
    const broken = path.join(await mkdtemp(path.join(os.tmpdir(), "koto-rules-")), "broken.yml");
    await writeFile(broken, stringify({ groups: [{ name: "x", rules: [{ alert: "Bad", expr: "sum(koto_rooms" }] }] }));
    const result = promtool("check", "rules", broken);
    expect(result.status).not.toBe(0);
    await rm(path.dirname(broken), { recursive: true, force: true });
  });
});
