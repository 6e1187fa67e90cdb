import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** A file the page loads before it can run, and its size as sent (gzip). */
export interface InitialAsset {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * What the built page loads up front: the scripts and styles index.html names (entry module,
 * module preloads, stylesheets). Lazily imported chunks are not counted.
 */
export async function initialAssets(dist: string): Promise<InitialAsset[]> {
  const index = await readFile(path.join(dist, "index.html"), "utf8");
  const urls = [...index.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
  return Promise.all(
    [...new Set(urls)].map(async (url) => {
      const content = await readFile(path.join(dist, url));
      return { file: url, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    }),
  );
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
