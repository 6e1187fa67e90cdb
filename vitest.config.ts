import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    pool: "forks",
    // Each file starts its own server on a free port with its own database.
    maxWorkers: 2,
    testTimeout: 30_000,
    // A condition waited on (expect.poll) gets as long as a loaded CI machine needs, not 1 s.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 90_000,
    setupFiles: ["tests/setup.ts"],
  },
});
