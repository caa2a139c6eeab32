/**
 * The admin's pages in a real browser (Debian's Chromium, headless): refunds on an order with
 * the trail that records them, the product list and form, and the webhook inbox's dead letters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addProduct, signUp, signUpAdmin, type SignedInUser } from '../../test/support/fixtures.js';
import { checkoutOne, confirmPayment, settleWebhooks } from '../../test/support/payments.js';
import type { TestStore } from '../../test/support/test-store.js';
import {
  browserMissing,
  launchBrowser,
  screenshot,
  startBrowserStore,
  watchForFaults,
} from './test-harness.js';

void describe('admin pages in a browser', { skip: browserMissing }, () => {
  let store: TestStore;
  let browser: Browser;
  let admin: SignedInUser;
  let context: BrowserContext;
  let page: Page;
  let faults: string[];

  before(async () => {
    [store, browser] = await Promise.all([startBrowserStore(), launchBrowser()]);
    admin = await signUpAdmin(store);
    context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    faults = watchForFaults(page);

    await page.goto(`${store.url}/signin?next=/admin`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${store.url}/admin`);
    await page.getByRole('navigation', { name: 'Admin' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await store?.close();
  });

  /** A customer's order for $15.00, paid with a test card and confirmed by its webhooks. */
  async function paidOrder(): Promise<string> {
    const product = await addProduct(store.api, admin, { amount: 1500, stock: 5 });
    const customer = await signUp(store.api);
    const { order, payment } = await checkoutOne(store, customer, product.id);
    assert.equal(await confirmPayment(store.emulator, payment.payment_intent_id), 'succeeded');
    await settleWebhooks(store);
    assert.equal((await store.ctx.orders.findForSystem(order.id))?.status, 'paid');
    return order.id;
  }

  void test('should let an admin refund part of a paid order and see it in the trail', async () => {
    const orderId = await paidOrder();
    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'Orders' })
      .click();
    await page.getByLabel('Status').selectOption('paid');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'paid');
    await screenshot(page, 'admin-orders');
    await page.getByRole('link', { name: orderId }).click();

    await page.getByRole('heading', { name: `Order ${orderId}` }).waitFor();
    assert.equal(await page.locator('#order-remaining').textContent(), '$15.00');
    await page.getByLabel('Amount').fill('5.00');
    await page.getByLabel('Reason').selectOption('requested_by_customer');
    await page.getByRole('button', { name: 'Refund' }).click();

    await page.getByText('$5.00 refunded. $10.00 remains.').waitFor();
    assert.equal(await page.locator('#order-status').textContent(), 'Partially refunded');
    assert.equal(await page.locator('#order-refunded').textContent(), '$5.00');
    assert.equal(await page.locator('#order-remaining').textContent(), '$10.00');
    await page.locator('#refunds li').filter({ hasText: '$5.00 ref_' }).waitFor();
    await screenshot(page, 'admin-order-refunded');

    const stored = await store.ctx.orders.findForSystem(orderId);
    assert.equal(stored?.status, 'partially_refunded');
    assert.equal(stored?.refunded_amount, 500);

    await page.getByRole('link', { name: 'Security events' }).click();
    await page.getByLabel('Type').selectOption('refund_created');
    await page.getByRole('button', { name: 'Filter' }).click();
    const row = page.getByRole('row').filter({ hasText: `order_id=${orderId}` });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /refund_created.*amount=500/);
    await screenshot(page, 'admin-security-events');
    assert.deepEqual(faults, []);
  });

  void test('should let an admin add, edit, restock and deactivate a product', async () => {
    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'Products' })
      .click();
    await page.getByLabel('Name').fill('Brass lamp');
    await page.getByLabel('Description').fill('Warm light, heavy base.');
    await page.getByLabel('Price').fill('42.50');
    await page.getByLabel('Stock').fill('3');
    await page.getByRole('button', { name: 'Add product' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Brass lamp' });
    await row.getByRole('cell', { name: '$42.50' }).waitFor();

    await row.getByRole('button', { name: 'Edit Brass lamp' }).click();
    await page.getByLabel('Stock').fill('7');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await row.getByRole('cell', { name: '7', exact: true }).waitFor();

    await row.getByRole('button', { name: 'Deactivate Brass lamp' }).click();
    await row.getByRole('cell', { name: 'Inactive' }).waitFor();
    await screenshot(page, 'admin-products');

    const listed = await store.api.get('/api/v1/admin/products', { token: admin.token });
    const lamp = listed.body.data.find(
      (product: { name: string }) => product.name === 'Brass lamp',
    );
    assert.deepEqual(
      [lamp?.stock, lamp?.active, lamp?.price],
      [7, false, { amount: 4250, currency: 'usd' }],
    );
    assert.equal((await store.api.get(`/api/v1/products/${lamp.id}`)).status, 404);
    assert.deepEqual(faults, []);
  });

  void test('should let an admin put a dead webhook event back in line', async () => {
    await paidOrder();
    const [event] = await store.ctx.database.db
      .updateTable('webhook_events')
      .set({ status: 'dead', last_error: 'simulated failure' })
      .where('type', '=', 'payment_intent.succeeded')
      .returning('event_id')
      .execute();
    assert.ok(event);

    await page.goto(`${store.url}/admin/webhooks?status=dead`);
    const row = page.getByRole('row').filter({ hasText: event.event_id });
    await row.getByRole('cell', { name: 'simulated failure' }).waitFor();
    await screenshot(page, 'admin-webhooks-dead');
    await row.getByRole('button', { name: `Retry ${event.event_id}` }).click();
    await page.getByText(`${event.event_id} is back in line`).waitFor();

    await store.ctx.webhooks.processor.drain();
    const [stored] = await store.ctx.database.db
      .selectFrom('webhook_events')
      .select('status')
      .where('event_id', '=', event.event_id)
      .execute();
    assert.equal(stored?.status, 'processed');
    assert.deepEqual(faults, []);
  });
});
