import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { REPO_ROOT } from '../harness/index.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');

/**
 * Debian's Chromium, headless, with a fresh profile and nothing that phones home: the pages
 * under test must work from the local server alone.
 */
export async function openBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'shoal-chromium-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const chromiumInstalled = () => existsSync(CHROMIUM);

/** Waits until the text of `selector` on the page satisfies `ok` (polled from here, not in the page). */
export async function waitForText(
  page: import('playwright-core').Page,
  selector: string,
  ok: (text: string) => boolean,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await page.textContent(selector).catch(() => null)) ?? '';
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${selector} never satisfied the condition; last text: ${JSON.stringify(last)}`);
}
