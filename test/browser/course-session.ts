// One dev server on the course's own lessons and one Chromium page, shared by a describe block's tests
// (registers its beforeAll/afterAll). Call inside a describe.
import type {Page} from "playwright-core";
import {afterAll, beforeAll} from "vitest";
import {launchBrowser, startDevServer, type BrowserSession, type Site} from "./harness.ts";

export function courseSession(): {site(): Site; page(): Page} {
  let site: Site;
  let session: BrowserSession;
  let page: Page;
  beforeAll(async () => {
    site = await startDevServer();
    session = await launchBrowser();
    page = await session.newPage();
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });
  return {site: () => site, page: () => page};
}
