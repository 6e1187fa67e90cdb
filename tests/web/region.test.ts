import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";
import { ensureClientBuilt, launch, Problems } from "./browser.ts";

/** The browser client offers the languages of the deployment's region (REGION=vn: Vietnamese, then English). */

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureClientBuilt();
  server = await startTestServer({ env: { REGION: "vn", TTS_PROVIDER: "none" } });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signInPage(locale: string) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 760 } });
  const page = await context.newPage();
  const problems = new Problems(page);
  await page.goto(`${server.baseUrl}/`);
  const radios = page.locator("fieldset.langs input[type=radio]");
  await expect.poll(() => radios.count()).toBe(2);
  return { page, problems, radios, close: () => context.close() };
}

describe("the sign-in page of a Vietnamese deployment", () => {
  it("lists Vietnamese first, then English, and no Indonesian", async () => {
    const { page, problems, radios, close } = await signInPage("en-US");
    expect([await radios.nth(0).inputValue(), await radios.nth(1).inputValue()]).toEqual(["vi", "en"]);
    expect(await page.locator("fieldset.langs").innerText()).not.toContain("Bahasa Indonesia");
    // An English browser keeps English: it is on here.
    expect(await page.locator("fieldset.langs input:checked").inputValue()).toBe("en");
    problems.expectNone();
    await close();
  });

  it("turns a browser's language that is off here into the region's first, and signs in with it", async () => {
    const { page, problems, close } = await signInPage("id-ID");
    await expect.poll(() => page.locator("fieldset.langs input:checked").inputValue()).toBe("vi");
    await page.locator("#name").fill("Lan");
    await page.locator("form button[type=submit]").click();
    await page.locator("#talk").waitFor();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("vi");
    const [user] = await server.services.db.prisma.user.findMany({ where: { displayName: "Lan" } });
    expect(user?.lang).toBe("vi");
    problems.expectNone();
    await close();
  });
});
