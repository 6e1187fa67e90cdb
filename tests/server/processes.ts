import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const REPO = path.resolve(import.meta.dirname, "../..");

export async function npmScripts(): Promise<Record<string, string>> {
  return (JSON.parse(await readFile(path.join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
}

/** A process started as a user would, in its own process group (npm runs node as a grandchild). */
export interface Started {
  output(): string;
  /** Waits until `pattern` has appeared `times` times in stdout and stderr together. */
  waitFor(pattern: RegExp, times?: number, ms?: number): Promise<void>;
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Only what a shell would hand over, so the tests' own NODE_ENV and variables stay out. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), ...extra };
}

export function start(command: string, args: string[], cwd: string, env: Record<string, string>): Started {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve((exitCode = code))));
  const count = (pattern: RegExp) => output.match(new RegExp(pattern.source, "g"))?.length ?? 0;
  return {
    output: () => output,
    exited,
    async waitFor(pattern, times = 1, ms = 60_000) {
      const deadline = Date.now() + ms;
      while (count(pattern) < times) {
        if (exitCode !== undefined) throw new Error(`exited (${exitCode}) before ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${ms} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      if (exitCode !== undefined || child.pid === undefined) return;
      process.kill(-child.pid, "SIGTERM");
      const late = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 20_000);
      await exited.finally(() => clearTimeout(late));
    },
  };
}

/**
 * A project folder for npm: the repository's package.json, node_modules and server/ (the
 * entry point; modules resolve from their real paths), a `.env`, and `extra` empty folders.
 */
export async function projectFolder(dotenv: string, extra: readonly string[] = []): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "koto-project-"));
  for (const entry of ["package.json", "node_modules", "server"]) await symlink(path.join(REPO, entry), path.join(dir, entry));
  for (const entry of extra) {
    if (entry === "server") continue;
    if (path.extname(entry)) await writeFile(path.join(dir, entry), "");
    else await mkdir(path.join(dir, entry), { recursive: true });
  }
  await writeFile(path.join(dir, ".env"), dotenv);
  return dir;
}
