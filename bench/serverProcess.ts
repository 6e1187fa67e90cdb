import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** A KOTO server in its own process, as operators run it (`node server/main.ts`). */
export interface ServerProcess {
  readonly port: number;
  readonly baseUrl: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startServerProcess(env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const dataDir = env.KOTO_DATA_DIR ?? (await mkdtemp(path.join(os.tmpdir(), "koto-bench-")));
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", ...nodeArgs, "server/main.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", KOTO_DATA_DIR: dataDir, MONITOR_PASSWORD: "bench-monitor-pw", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not start within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("KOTO listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      if (!env.KOTO_DATA_DIR) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
