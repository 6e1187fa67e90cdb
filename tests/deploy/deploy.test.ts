import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const STACK_ENV = {
  KOTO_DOMAIN: "koto.example.com",
  JWT_SECRET: "a-production-secret-of-at-least-32-chars",
  MONITOR_PASSWORD: "operator-password",
  POSTGRES_PASSWORD: "postgres-password",
  MINIO_ROOT_PASSWORD: "minio-password",
  GRAFANA_ADMIN_PASSWORD: "grafana-password",
};

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !(key in STACK_ENV)));
  return spawnSync(command, args, { encoding: "utf8", env: { ...clean, ...env } });
}

describe("the compose stack", () => {
  it("passes docker-compose config with the required settings", () => {
    const result = run("docker-compose", ["-f", "docker-compose.yml", "config"], STACK_ENV);
    expect(result.status, result.stderr).toBe(0);
    const config = result.stdout;
    for (const service of ["app1:", "app2:", "postgres:", "redis:", "minio:", "minio-init:", "caddy:"]) expect(config).toContain(service);
    expect(config).toContain("image: postgres:16");
    const redis = (parse(config) as { services: { redis: { command: string[] } } }).services.redis.command;
    expect(redis.join(" ")).toContain("--appendonly yes");
    expect(config).toContain("PUBLIC_ADDRESS: koto.example.com/p1");
    expect(config).toContain("PUBLIC_ADDRESS: koto.example.com/p2");
  });

  it("runs Prometheus on the shipped configuration and rules, and Grafana with the dashboard", () => {
    const result = run("docker-compose", ["-f", "docker-compose.yml", "config"], STACK_ENV);
    expect(result.status, result.stderr).toBe(0);
    type Service = { volumes?: ({ source: string; target: string } | string)[]; environment?: Record<string, string> };
    const services = (parse(result.stdout) as { services: Record<string, Service> }).services;
    const mounts = (name: string): Record<string, string> =>
      Object.fromEntries(
        (services[name]?.volumes ?? []).map((v): [string, string] => {
          const [source = "", target = ""] = typeof v === "string" ? v.split(":") : [v.source, v.target];
          return [target, source];
        }),
      );
    const prometheus = mounts("prometheus");
    expect(prometheus["/etc/prometheus/prometheus.yml"]).toMatch(/deploy\/prometheus\.yml$/);
    expect(prometheus["/etc/prometheus/alerts.yml"]).toMatch(/deploy\/alerts\.yml$/);
    const grafana = mounts("grafana");
    expect(grafana["/var/lib/grafana/dashboards/koto.json"]).toMatch(/deploy\/grafana\/koto\.json$/);
    expect(grafana["/etc/grafana/provisioning"]).toMatch(/deploy\/grafana\/provisioning$/);
    expect(services.grafana?.environment?.GF_SECURITY_ADMIN_PASSWORD).toBe("grafana-password");
    // The targets Prometheus scrapes are the compose services that exist.
    const scrape = parse(readFileSync("deploy/prometheus.yml", "utf8")) as { scrape_configs: { static_configs: { targets: string[] }[] }[] };
    for (const target of scrape.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets))) {
      expect(Object.keys(services)).toContain(target.split(":")[0]);
    }
  });

  it("provisions the dashboard on the Prometheus data source it names", () => {
    const datasources = parse(readFileSync("deploy/grafana/provisioning/datasources/prometheus.yml", "utf8")) as { datasources: { uid: string; type: string; url: string }[] };
    const providers = parse(readFileSync("deploy/grafana/provisioning/dashboards/koto.yml", "utf8")) as { providers: { options: { path: string } }[] };
    const dashboard = JSON.parse(readFileSync("deploy/grafana/koto.json", "utf8")) as { uid: string; panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[] };
    const [prometheus] = datasources.datasources;
    expect(prometheus).toMatchObject({ type: "prometheus", url: "http://prometheus:9090" });
    expect(providers.providers[0]!.options.path).toBe("/var/lib/grafana/dashboards");
    expect(dashboard.panels.length).toBeGreaterThan(10);
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid, panel.title).toBe(prometheus!.uid);
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
    }
  });

  it("refuses to start Grafana without its admin password", () => {
    const rest = Object.fromEntries(Object.entries(STACK_ENV).filter(([key]) => key !== "GRAFANA_ADMIN_PASSWORD"));
    const result = run("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], rest);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/set GRAFANA_ADMIN_PASSWORD/);
  });

  it("publishes ports for Caddy only", () => {
    const result = run("docker-compose", ["-f", "docker-compose.yml", "config"], STACK_ENV);
    const parsed = parse(result.stdout) as { services: Record<string, { ports?: unknown[] }> };
    const published = Object.entries(parsed.services).filter(([, service]) => (service.ports ?? []).length > 0).map(([name]) => name);
    expect(published).toEqual(["caddy"]);
  });

  it("refuses to start without the secrets production needs", () => {
    const result = run("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], { KOTO_DOMAIN: "koto.example.com" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/set (POSTGRES_PASSWORD|JWT_SECRET|MONITOR_PASSWORD|MINIO_ROOT_PASSWORD)/);
  });
});

describe("the Caddy gateway configuration", () => {
  it("is valid for a domain (HTTPS) and for a plain port", () => {
    for (const site of ["koto.example.com", ":8080"]) {
      const result = run("caddy", ["validate", "--adapter", "caddyfile", "--config", "deploy/Caddyfile"], {
        KOTO_SITE: site,
        KOTO_UPSTREAM_1: "app1:2567",
        KOTO_UPSTREAM_2: "app2:2567",
        HOME: process.env.HOME ?? "/tmp",
      });
      expect(result.status, result.stderr + result.stdout).toBe(0);
    }
  });
});
