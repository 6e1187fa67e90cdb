// Builds the browser client (web/ -> web/dist) with Vite: run by `npm install` (postinstall)
// and `npm run build:web`. Where Vite is missing (an install without dev dependencies) or
// web/ is not there yet (the Docker image installs before it copies the sources), it says so
// and stops without failing; the server then answers / with how to build the client.
import { existsSync } from "node:fs";
import path from "node:path";
import { initialAssets, kib } from "./webBundle.ts";

const root = path.resolve(import.meta.dirname, "../web");

async function main(): Promise<void> {
  if (!existsSync(path.join(root, "index.html"))) {
    console.log("build:web: no web/ sources here; the browser client is not built.");
    return;
  }
  let vite: typeof import("vite");
  try {
    vite = await import("vite");
  } catch {
    console.log("build:web: Vite is not installed (an install without dev dependencies); the browser client is not built. Run `npm install` with dev dependencies, then `npm run build:web`.");
    return;
  }
  await vite.build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn" });
  const assets = await initialAssets(path.join(root, "dist"));
  const js = assets.filter((asset) => asset.file.endsWith(".js")).reduce((sum, asset) => sum + asset.gzipBytes, 0);
  const css = assets.filter((asset) => asset.file.endsWith(".css")).reduce((sum, asset) => sum + asset.gzipBytes, 0);
  console.log(`build:web: web/dist written; initial JavaScript ${kib(js)} gzipped, CSS ${kib(css)} gzipped.`);
}

main().catch((error: unknown) => {
  console.error("build:web: the browser client failed to build:", error);
  process.exit(1);
});
