/**
 * One demo per test file: the page bundle built from the current sources, `startDemo()` (PostgreSQL 18 with
 * TLS, the demo roles, the bridge serving the page), and the system Chromium with the page open and its bridge
 * connected.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startDemo, type DemoHandle } from '../../../packages/bridge/src/demo/start-demo.js';
import { launchBrowser, type Browser } from './browser.js';
import { buildDemoPage, type PageBundle } from './page-bundle.js';

export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

export interface DemoSession {
  readonly demo: DemoHandle;
  readonly browser: Browser;
  readonly page: Page;
  /** Loads (or reloads) the demo page and waits until its bridge client is verified and ready. */
  open(): Promise<void>;
  /** A screenshot of the viewport into test/e2e/screenshots/NAME.png. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface DemoSessionOptions {
  /** Files served next to the page's bundle, from `/assets/NAME`. */
  extraAssets?: readonly string[];
}

export async function startDemoSession(options: DemoSessionOptions = {}): Promise<DemoSession> {
  const parts: { bundle?: PageBundle; demo?: DemoHandle; browser?: Browser } = {};
  const close = async () => {
    await parts.browser?.close();
    await parts.demo?.stop();
    await parts.bundle?.remove();
  };
  try {
    parts.bundle = await buildDemoPage(options.extraAssets);
    parts.demo = await startDemo({ pageDir: parts.bundle.dir });
    parts.browser = await launchBrowser();
  } catch (error) {
    await close();
    throw error;
  }
  const { demo, browser } = parts as Required<typeof parts>;
  const page = browser.page;
  const session: DemoSession = {
    demo,
    browser,
    page,
    async open() {
      await page.goto(demo.url);
      await page.getByRole('status').filter({ hasText: 'Bridge connected' }).waitFor();
    },
    async screenshot(name) {
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
    },
    close,
  };
  await session.open();
  return session;
}
