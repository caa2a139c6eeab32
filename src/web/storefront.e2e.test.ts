/**
 * The customer's pages in a real browser (Debian's Chromium, headless), against a whole store
 * with the bundled Stripe emulator: sign up, shop, pay on the emulator's hosted page, come back
 * to an order page that shows what the store confirmed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addProduct, signUp, signUpAdmin, uniqueEmail } from '../../test/support/fixtures.js';
import { checkoutOne } from '../../test/support/payments.js';
import type { TestStore } from '../../test/support/test-store.js';
import {
  browserMissing,
  launchBrowser,
  screenshot,
  startBrowserStore,
  watchForFaults,
} from './test-harness.js';

void describe('storefront pages in a browser', { skip: browserMissing }, () => {
  let store: TestStore;
  let browser: Browser;
  let productName: string;
  let productId: string;

  before(async () => {
    [store, browser] = await Promise.all([startBrowserStore(), launchBrowser()]);
    const admin = await signUpAdmin(store);
    productName = `Enamel mug ${Date.now()}`;
    productId = (await addProduct(store.api, admin, { name: productName, amount: 1800, stock: 20 }))
      .id;
  });

  after(async () => {
    await browser?.close();
    await store?.close();
  });

  /** A fresh browser profile's page (no cookies), and the faults its console shows. */
  async function newVisitor(): Promise<{ context: BrowserContext; page: Page; faults: string[] }> {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return { context, page, faults: watchForFaults(page) };
  }

  async function signUpInBrowser(page: Page): Promise<void> {
    await page.goto(`${store.url}/signup`);
    await page.getByLabel('Email').fill(uniqueEmail('browser'));
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  /** From the catalogue to the emulator's payment page; returns the new order's id. */
  async function shopAndCheckOut(page: Page, shots: string | null): Promise<string> {
    await page.goto(`${store.url}/`);
    await page.getByRole('link', { name: productName }).click();
    await page.getByRole('heading', { level: 1, name: productName }).waitFor();
    if (shots) await screenshot(page, `${shots}-product`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText(`1 × ${productName} added to your cart.`).waitFor();

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Cart' })
      .click();
    await page.getByRole('cell', { name: productName, exact: true }).waitFor();
    if (shots) await screenshot(page, `${shots}-cart`);
    await page.getByRole('link', { name: 'Check out' }).click();

    await page.getByRole('button', { name: 'Place order and pay' }).waitFor();
    if (shots) await screenshot(page, `${shots}-checkout`);
    await page.getByRole('button', { name: 'Place order and pay' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/test/payment_intents/'));
    const returnUrl = new URL(new URL(page.url()).searchParams.get('return_url') ?? '');
    const orderId = returnUrl.pathname.split('/').pop() ?? '';
    assert.match(orderId, /^ord_/);
    return orderId;
  }

  void test('should let a customer sign up, buy a product, pay with 4242… and see the order paid', async () => {
    const { context, page, faults } = await newVisitor();
    await page.goto(`${store.url}/`);
    await page.getByRole('link', { name: productName }).waitFor();
    await screenshot(page, 'customer-catalogue');
    await signUpInBrowser(page);

    const orderId = await shopAndCheckOut(page, 'customer');
    await screenshot(page, 'customer-emulator-payment-page');
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: /^Pay/ }).click();

    await page.waitForURL(
      (url) => url.origin === store.url && url.pathname === `/orders/${orderId}`,
    );
    await page.getByText('Payment confirmed. Thank you for your order!').waitFor();
    assert.equal(await page.locator('#order-status').textContent(), 'Paid');
    // The return address carried the client secret; the page took it out of the address bar.
    assert.equal(new URL(page.url()).search, '');
    await screenshot(page, 'customer-order-paid');

    assert.equal((await store.ctx.orders.findForSystem(orderId))?.status, 'paid');
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('link', { name: orderId }).waitFor();
    await screenshot(page, 'customer-orders');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Sign in' })
      .waitFor();
    assert.deepEqual(
      (await context.cookies()).filter((cookie) => cookie.value !== '').map((c) => c.name),
      [],
    );
    assert.deepEqual(faults, []);
    await context.close();
  });

  void test('should show a declined card clearly and leave the order awaiting payment', async () => {
    const { context, page, faults } = await newVisitor();
    await signUpInBrowser(page);
    const orderId = await shopAndCheckOut(page, null);

    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /declined/i })
      .waitFor();
    await screenshot(page, 'customer-emulator-declined');

    // The customer goes back to the shop: "Back" leads to the order page, not the checkout.
    for (let step = 0; step < 3 && !page.url().startsWith(store.url); step += 1)
      await page.goBack();
    assert.equal(new URL(page.url()).pathname, `/orders/${orderId}`);
    await page
      .getByText('No payment has gone through, so this order is still awaiting payment.', {
        exact: false,
      })
      .waitFor();
    assert.equal(await page.locator('#order-status').textContent(), 'Awaiting payment');
    await page.getByRole('button', { name: 'Cancel order' }).waitFor();
    await screenshot(page, 'customer-order-declined');

    assert.equal((await store.ctx.orders.findForSystem(orderId))?.status, 'pending_payment');
    assert.deepEqual(faults, []);
    await context.close();
  });

  void test('should retry a checkout whose answer was lost with the same Idempotency-Key', async () => {
    const { context, page, faults } = await newVisitor();
    await signUpInBrowser(page);
    await page.goto(`${store.url}/products/${productId}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText('added to your cart').waitFor();

    // The first attempt reaches the store, which places the order; its answer is lost.
    const keys: string[] = [];
    await page.route('**/api/v1/checkout', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.goto(`${store.url}/checkout`);
    await page.getByRole('button', { name: 'Place order and pay' }).click();
    await page.getByText('The store could not be reached').waitFor();
    await page.getByRole('button', { name: 'Place order and pay' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/test/payment_intents/'));

    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1]);
    const me = await (await context.request.get(`${store.url}/api/v1/me`)).json();
    const orders = await store.ctx.database.db
      .selectFrom('orders')
      .select('id')
      .where('user_id', '=', me.user.id)
      .execute();
    assert.equal(orders.length, 1, 'one order, however many attempts');
    assert.deepEqual(faults, []);
    await context.close();
  });

  void test("should not show one customer's order, or the admin pages, to another", async () => {
    const owner = await signUp(store.api, 'owner');
    const { order } = await checkoutOne(store, owner, productId);
    const { context, page, faults } = await newVisitor();
    await signUpInBrowser(page);

    const answer = page.waitForResponse((response) =>
      response.url().endsWith(`/api/v1/orders/${order.id}`),
    );
    await page.goto(`${store.url}/orders/${order.id}`);
    assert.equal((await answer).status(), 404);
    await page.getByText('Order not found.', { exact: false }).waitFor();
    assert.equal(await page.locator('#order').isHidden(), true);
    await screenshot(page, 'customer-order-not-found');

    await page.goto(`${store.url}/admin/orders`);
    await page.getByText('This page is for the shop’s admins.').waitFor();
    // The page asks nothing of an API it may not use; with the same cookies, the API refuses.
    assert.equal((await context.request.get(`${store.url}/api/v1/admin/orders`)).status(), 403);
    assert.deepEqual(faults, []);
    await context.close();
  });
});
