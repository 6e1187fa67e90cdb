import type { Application } from "express";

/** The parts of Express 5's router layers that say which routes exist. */
interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: unknown;
}

/** `/api/v1/lessons/:id` as OpenAPI writes it: `/api/v1/lessons/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, "{$1}");
}

function routesIn(stack: readonly Layer[], prefix: string): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const { path, methods } = layer.route;
      // Pattern routes (the signed media links) have no path to document.
      if (typeof path !== "string") return [];
      return Object.keys(methods).map((method) => `${method.toUpperCase()} ${openApiPath(prefix + path)}`);
    }
    if (!layer.handle.stack) return [];
    const mount = typeof layer.rawPath === "string" && layer.rawPath !== "/" ? layer.rawPath : "";
    return routesIn(layer.handle.stack, prefix + mount);
  });
}

/** Every route the app answers, as "METHOD /path", nested routers included. */
export function expressRoutes(app: Application): string[] {
  const { router } = app as unknown as { router: { stack: Layer[] } };
  return [...new Set(routesIn(router.stack, ""))].sort();
}
