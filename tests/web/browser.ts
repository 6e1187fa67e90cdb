import { spawnSync } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";
import type { LearnerLang } from "../../domain/learners/learner.ts";
import { WEB_ROOT } from "../../http/webClient.ts";

/**
 * Real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against the real
 * server: each page is watched for console errors, uncaught exceptions, failed requests and
 * HTTP errors, and screenshots go to test-output/web/.
 */

const REPO = path.resolve(import.meta.dirname, "../..");
export const SCREENSHOTS = path.join(REPO, "test-output", "web");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"];

function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newest(full) : statSync(full).mtimeMs;
    }),
  );
}

/** Builds web/dist when it is missing or older than its sources, so the tests see the current client. */
export function ensureClientBuilt(): void {
  const index = path.join(WEB_ROOT, "index.html");
  const sources = Math.max(newest(path.join(REPO, "web", "src")), statSync(path.join(REPO, "web", "index.html")).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // As `npm run build:web` does it, outside the test process (whose NODE_ENV=test would make a development build).
  const env = { ...process.env };
  delete env.NODE_ENV;
  const built = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", "scripts/build-web.ts"], { cwd: REPO, env, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`build:web failed:\n${built.stdout}${built.stderr}`);
}

export async function launch(extraFlags: string[] = []): Promise<Browser> {
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...extraFlags] });
}

/** What went wrong on a page, as the browser reports it. */
export class Problems {
  readonly list: string[] = [];

  constructor(page: Page, allow: RegExp[] = []) {
    const add = (problem: string) => {
      if (!allow.some((pattern) => pattern.test(problem))) this.list.push(problem);
    };
    page.on("console", (message) => {
      if (message.type() === "error") add(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => add(`uncaught: ${error.message}`));
    page.on("requestfailed", (request) => add(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ""}`));
    page.on("response", (response) => {
      if (response.status() >= 400) add(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
  }

  expectNone(): void {
    expect(this.list).toEqual([]);
  }
}

export interface Visitor {
  page: Page;
  problems: Problems;
}

export async function visit(browser: Browser, baseUrl: string, allow: RegExp[] = []): Promise<Visitor> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = new Problems(page, allow);
  await page.goto(`${baseUrl}/`);
  return { page, problems };
}

const LANGUAGE_NAMES: Record<LearnerLang, string> = { en: "English", id: "Bahasa Indonesia", vi: "Tiếng Việt" };

/** Signs in through the form and waits for the scene. */
export async function enter(page: Page, name: string, options: { lang?: LearnerLang; scene?: string } = {}): Promise<void> {
  await page.getByRole("radio", { name: LANGUAGE_NAMES[options.lang ?? "en"] }).check();
  if (options.scene) await page.locator(`input[name=scene][value=${options.scene}]`).check();
  await page.locator("#name").fill(name);
  await page.locator("form button[type=submit]").click();
  await page.locator("#talk").waitFor();
  // Connected: no notice, or only the calm "you're back" one.
  await expect.poll(() => page.locator(".status .notice:not(.ok)").count(), { timeout: 10_000 }).toBe(0);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
