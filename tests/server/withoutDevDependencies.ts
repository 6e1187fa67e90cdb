// Preloaded with `node --import`: the project's own code cannot resolve its dev dependencies,
// as after `npm ci --omit=dev` (the Docker image). Packages that need them anyway (as their
// own dependencies) still can. Each refusal is reported on stderr.
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";

const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { devDependencies: Record<string, string> };
const devOnly = new Set(Object.keys(manifest.devDependencies));
const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

registerHooks({
  resolve(specifier, context, nextResolve) {
    const fromProject = context.parentURL !== undefined && !context.parentURL.includes("/node_modules/");
    if (fromProject && devOnly.has(packageOf(specifier))) {
      process.stderr.write(`without dev dependencies: cannot resolve ${specifier}\n`);
      throw Object.assign(new Error(`Cannot find package '${specifier}'`), { code: "ERR_MODULE_NOT_FOUND" });
    }
    return nextResolve(specifier, context);
  },
});
