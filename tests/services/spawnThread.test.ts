import { describe, expect, it } from "vitest";
import { SpawnError, SpawnThread } from "../../services/processes/SpawnThread.ts";

const processes = new SpawnThread();
const options = (maxBytes = 1_000_000, signal = new AbortController().signal) => ({ signal, maxBytes });

describe("child processes started from the helper thread", () => {
  it("feed the input on stdin and return stdout, stderr and the exit code", async () => {
    const result = await processes.run("sh", ["-c", "tr a-z A-Z; echo warn >&2; exit 3"], "안녕 hello", options());
    expect(result.stdout.toString()).toBe("안녕 HELLO");
    expect(result.stderr).toBe("warn\n");
    expect(result.code).toBe(3);
    expect(result.tooLarge).toBe(false);
  });

  it("kill a process whose output passes the limit", async () => {
    const result = await processes.run("head", ["-c", "100000", "/dev/zero"], "", options(1_000));
    expect(result.tooLarge).toBe(true);
    expect(result.stdout.length).toBeLessThanOrEqual(1_000);
  });

  it("stop a process when the caller gives up", async () => {
    const abort = new AbortController();
    const started = Date.now();
    const run = processes.run("sleep", ["10"], "", options(1_000, abort.signal));
    setTimeout(() => abort.abort(), 100);
    await expect(run).rejects.toMatchObject({ code: "ABORT_ERR" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("report a missing program by the system's code", async () => {
    const run = processes.run("koto-no-such-program", [], "", options());
    await expect(run).rejects.toBeInstanceOf(SpawnError);
    await expect(run).rejects.toMatchObject({ code: "ENOENT" });
  });
});
