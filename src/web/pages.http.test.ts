/**
 * The pages as HTTP sees them, no browser needed: every page is HTML under a strict
 * Content-Security-Policy, assets come from `web/assets/` only, and the storefront config says
 * how to pay in each Stripe mode.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestStore, type TestStore } from '../../test/support/test-store.js';
import { PAGES } from './pages.js';
import { emulatorBaseUrl } from './storefront-config.js';
import { WEB_ROOT } from './web-root.js';

/** A page's path with its parameter filled in. */
const pathOf = (path: string) => path.replace(':id', 'ord_unknown');

void describe('storefront pages over HTTP', () => {
  let store: TestStore;
  before(async () => {
    store = await startTestStore('sqlite');
  });
  after(() => store?.close());

  void test('should serve every page as HTML under a CSP with no unsafe-inline', async () => {
    for (const page of PAGES) {
      const response = await fetch(`${store.url}${pathOf(page.path)}`);
      const html = await response.text();
      assert.equal(response.status, 200, page.path);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self';/, page.path);
      assert.match(csp, /style-src 'self';/, page.path);
      assert.doesNotMatch(csp, /unsafe-inline|js\.stripe\.com/, page.path);
      assert.match(html, new RegExp(`<script type="module" src="/assets/js/${page.name}\\.js">`));
      assert.doesNotMatch(html, /\{\{\w+\}\}/, `${page.path} has an unfilled marker`);
    }
  });

  void test('should serve assets from web/assets only', async () => {
    const css = await fetch(`${store.url}/assets/store.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    const js = await fetch(`${store.url}/assets/js/lib/api.js`);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.equal(js.headers.get('cache-control'), 'no-cache');

    assert.equal((await fetch(`${store.url}/assets/js/nothing.js`)).status, 404);
    const outside = [
      '/assets/../shell.html',
      '/assets/%2e%2e/shell.html',
      '/assets/..%2fshell.html',
    ];
    for (const path of [...outside, '/assets/js/../store.css', '/assets/.hidden', '/assets/']) {
      assert.equal(await rawGet(store.url, path), 404, path);
    }
  });

  void test('should tell the pages to pay on the emulator page when a Stripe API base is set', async () => {
    const response = await fetch(`${store.url}/api/v1/storefront/config`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      payment_page: 'emulator',
      publishable_key: store.emulator.publishableKey,
      emulator_base_url: store.emulator.url,
    });
  });

  void test('should reach an emulator bound to every interface on the public host', () => {
    const base = { host: '0.0.0.0', port: 12111, protocol: 'http' as const };
    assert.equal(emulatorBaseUrl(base, 'http://shop.test:3000'), 'http://shop.test:12111');
    assert.equal(emulatorBaseUrl({ ...base, host: '::1' }, 'http://x'), 'http://[::1]:12111');
  });
});

void describe('storefront pages with Stripe itself', () => {
  let store: TestStore;
  before(async () => {
    // No STRIPE_API_BASE: the store would talk to api.stripe.com (it never does in this test).
    store = await startTestStore('sqlite', { env: { STRIPE_API_BASE: '' } });
  });
  after(() => store?.close());

  void test('should allow Stripe.js on the checkout page and nowhere else', async () => {
    const config = await (await fetch(`${store.url}/api/v1/storefront/config`)).json();
    assert.deepEqual(config, {
      payment_page: 'stripe_js',
      publishable_key: store.emulator.publishableKey,
      emulator_base_url: null,
    });

    const checkout = await fetch(`${store.url}/checkout`);
    const csp = checkout.headers.get('content-security-policy') ?? '';
    const stripeJs = String.raw`https://js\.stripe\.com https://\*\.js\.stripe\.com`;
    assert.match(csp, new RegExp(`script-src 'self' ${stripeJs};`));
    assert.match(csp, new RegExp(`frame-src ${stripeJs} https://hooks\\.stripe\\.com;`));
    assert.match(csp, /connect-src 'self' https:\/\/api\.stripe\.com/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);

    const cart = await fetch(`${store.url}/cart`);
    assert.doesNotMatch(cart.headers.get('content-security-policy') ?? '', /stripe/);
  });
});

void describe('storefront sources', () => {
  void test('should hold no inline script, inline style, style attribute or token storage', () => {
    const forbidden: [RegExp, string][] = [
      [/<script(?![^>]*\bsrc=)[^>]*>/i, 'an inline script'],
      [/<style/i, 'a style element'],
      [/\sstyle=/i, 'a style attribute'],
      [/\son[a-z]+=/i, 'an inline event handler'],
      [/innerHTML|outerHTML|insertAdjacentHTML|document\.write/, 'markup built from strings'],
      [/localStorage|sessionStorage/, 'web storage'],
      [/console\./, 'console output'],
    ];
    for (const file of filesUnder(WEB_ROOT)) {
      const text = readFileSync(file, 'utf8');
      for (const [pattern, what] of forbidden)
        assert.doesNotMatch(text, pattern, `${file} has ${what}`);
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(html|js)$/.test(name) ? [path] : [];
  });
}

/** A GET with the path sent exactly as given (fetch would normalise the dots away). */
function rawGet(base: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'GET', path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
