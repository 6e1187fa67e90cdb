import path from "node:path";
import { defineConfig } from "vite";

const here = import.meta.dirname;

/**
 * The browser client. `npm run build:web` writes web/dist, which the server serves at `/`;
 * `npm run dev:web` serves it with hot reload against a running KOTO (VITE_KOTO_URL, default
 * http://localhost:2567). The client imports the server's protocol types from rooms/ and
 * domain/, outside this folder, so the dev server may read the whole repository.
 */
export default defineConfig(({ command }) => ({
  root: here,
  // Only the dev server talks to another origin; the built client talks to whoever serves it.
  define: command === "serve" ? { "import.meta.env.VITE_KOTO_URL": JSON.stringify(process.env.VITE_KOTO_URL ?? "http://localhost:2567") } : {},
  base: "/",
  build: {
    outDir: path.join(here, "dist"),
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    // Two pages from one build: the client at /, the operator console at /ops (web/ops/index.html).
    rolldownOptions: { input: { main: path.join(here, "index.html"), ops: path.join(here, "ops", "index.html") } },
  },
  server: {
    port: 5173,
    strictPort: true,
    fs: { allow: [path.resolve(here, "..")] },
  },
}));
