/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), a store listening where its PUBLIC_URL says (the CSRF check compares the
 * browser's Origin with it), and screenshots for review in `test-output/screenshots/`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join('test-output', 'screenshots');

/**
 * Why the browser tests cannot run here, or false when they can. A developer without Chromium
 * sees them skipped with the reason; CI sets WEBSTORE_REQUIRE_BROWSER, so that there a missing
 * browser fails the run instead of passing it with the browser tests unrun.
 */
export const browserMissing: string | false = existsSync(CHROMIUM)
  ? false
  : `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) to run these`;
if (browserMissing && process.env.WEBSTORE_REQUIRE_BROWSER) throw new Error(browserMissing);

/** One headless Chromium for a test file, with a fresh profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A store (SQLite, emulator) on a port chosen beforehand, so that PUBLIC_URL can name it. The
 * port is free when chosen; should another process take it meanwhile, another one is tried.
 */
export async function startBrowserStore(): Promise<TestStore> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    try {
      return await startTestStore('sqlite', { env: { PORT: String(port), PUBLIC_URL: publicUrl } });
    } catch (error) {
      const inUse = error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
      if (!inUse || attempt === 3) throw error;
    }
  }
}

/** Saves a full-page screenshot as `test-output/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Collects what would show in the browser's console as a fault: script errors and refusals
 * (a Content-Security-Policy violation among them). HTTP error answers the page expects and
 * handles (a 404 for another customer's order) are not faults.
 */
export function watchForFaults(page: Page): string[] {
  const faults: string[] = [];
  page.on('pageerror', (error) => faults.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource')) return;
    faults.push(`console: ${message.text()}`);
  });
  return faults;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
