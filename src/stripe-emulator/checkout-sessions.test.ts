import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { startWithReceiver } from './test-harness.js';

type Started = Awaited<ReturnType<typeof startWithReceiver>>;

const SUCCESS = 'http://shop.test/checkout/success?session_id={CHECKOUT_SESSION_ID}';
const CANCEL = 'http://shop.test/checkout/cancel';

describe('stripe emulator: checkout sessions and their hosted page', () => {
  let started: Started;
  let stripe: Stripe;

  before(async () => {
    started = await startWithReceiver();
    stripe = started.stripe;
  });
  after(() => started.close());

  const createSession = (extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
    stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        {
          price_data: { currency: 'usd', unit_amount: 1500, product_data: { name: 'Mug' } },
          quantity: 2,
        },
        {
          price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Tea' } },
          quantity: 1,
        },
      ],
      success_url: SUCCESS,
      cancel_url: CANCEL,
      client_reference_id: 'ord_42',
      metadata: { order_id: 'ord_42' },
      payment_intent_data: { metadata: { order_id: 'ord_42' } },
      ...extra,
    });

  /** Fetches the session's page, finds its form, and posts `fields` to it as a browser would. */
  const payOnPage = async (session: Stripe.Checkout.Session, fields: Record<string, string>) => {
    const page = await fetch(String(session.url));
    assert.equal(page.status, 200);
    const action = /<form method="post" action="([^"]+)"/.exec(await page.text())?.[1];
    assert.ok(action);
    return fetch(new URL(action, String(session.url)), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
  };
  const eventTypesFor = async (id: string) => {
    await started.emulator.waitForDeliveries();
    return started.receiver.events
      .filter((event) => (event.data.object as { id: string }).id === id)
      .map((event) => event.type);
  };

  it('should create an open session with its total, url and line items', async () => {
    const session = await createSession();
    assert.match(session.id, /^cs_test_[0-9A-Za-z]{58}$/);
    assert.equal(session.object, 'checkout.session');
    assert.equal(session.status, 'open');
    assert.equal(session.payment_status, 'unpaid');
    assert.equal(session.amount_total, 3500);
    assert.equal(session.currency, 'usd');
    assert.equal(session.payment_intent, null);
    assert.equal(session.success_url, SUCCESS);
    assert.equal(session.client_reference_id, 'ord_42');
    assert.equal(session.url, `${started.emulator.url}/test/checkout/${session.id}`);
    assert.ok(session.expires_at > Date.now() / 1000 + 23 * 3600);

    const items = await stripe.checkout.sessions.listLineItems(session.id);
    assert.deepEqual(
      items.data.map((item) => [item.description, item.quantity, item.amount_total]),
      [
        ['Mug', 2, 3000],
        ['Tea', 1, 500],
      ],
    );
  });

  it('should refuse what Stripe refuses at creation', async () => {
    const soon = Math.floor(Date.now() / 1000) + 60;
    const cases: Partial<Stripe.Checkout.SessionCreateParams>[] = [
      { expires_at: soon },
      { success_url: 'javascript:alert(1)' },
      { mode: 'subscription' },
      {
        line_items: [
          {
            price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: 'A' } },
            quantity: 1,
          },
          {
            price_data: { currency: 'eur', unit_amount: 1000, product_data: { name: 'B' } },
            quantity: 1,
          },
        ],
      },
    ];
    for (const extra of cases) {
      await assert.rejects(
        createSession(extra),
        Stripe.errors.StripeInvalidRequestError,
        JSON.stringify(extra),
      );
    }
  });

  it('should take a card payment on the hosted page and redirect to success_url', async () => {
    const session = await createSession();
    const response = await payOnPage(session, {
      method: 'card',
      card_number: '4242 4242 4242 4242',
    });
    assert.equal(response.status, 303);
    assert.equal(
      response.headers.get('location'),
      `http://shop.test/checkout/success?session_id=${session.id}`,
    );

    const paid = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent'],
    });
    assert.equal(paid.status, 'complete');
    assert.equal(paid.payment_status, 'paid');
    assert.equal(paid.url, null);
    const intent = paid.payment_intent as Stripe.PaymentIntent;
    assert.equal(intent.status, 'succeeded');
    assert.equal(intent.amount, 3500);
    assert.deepEqual(intent.metadata, { order_id: 'ord_42' });
    assert.deepEqual(await eventTypesFor(session.id), ['checkout.session.completed']);
    assert.deepEqual(await eventTypesFor(intent.id), [
      'payment_intent.created',
      'payment_intent.succeeded',
    ]);
    const completed = started.receiver.events.find(
      (event) => event.type === 'checkout.session.completed',
    );
    assert.deepEqual(completed?.request, { id: null, idempotency_key: null });

    const again = await fetch(String(session.url).replace(/\?.*/, ''));
    assert.match(await again.text(), /complete/);
  });

  it('should show a decline on the page and keep the session open for another try', async () => {
    const session = await createSession();
    const declined = await payOnPage(session, { method: 'card', card_number: '4000000000000002' });
    assert.equal(declined.status, 402);
    assert.match(
      await declined.text(),
      /<p class="error" role="alert">Your card was declined\.<\/p>/,
    );
    const open = await stripe.checkout.sessions.retrieve(session.id);
    assert.equal(open.status, 'open');
    assert.match(String(open.payment_intent), /^pi_/);

    const unknownCard = await payOnPage(session, { method: 'card', card_number: '1234' });
    assert.equal(unknownCard.status, 402);
    assert.match(await unknownCard.text(), /card number is incorrect/);

    const paid = await payOnPage(session, { method: 'card', card_number: '4242424242424242' });
    assert.equal(paid.status, 303);
    const intent = await stripe.paymentIntents.retrieve(String(open.payment_intent));
    assert.equal(intent.status, 'succeeded');
    assert.equal((await stripe.charges.list({ payment_intent: intent.id })).data.length, 2);
  });

  it('should complete a bank debit unpaid, then settle it as paid', async () => {
    const session = await createSession();
    const response = await payOnPage(session, { method: 'bank_debit' });
    assert.equal(response.status, 303);
    const pending = await stripe.checkout.sessions.retrieve(session.id);
    assert.equal(pending.status, 'complete');
    assert.equal(pending.payment_status, 'unpaid');
    const intentId = String(pending.payment_intent);
    assert.equal((await stripe.paymentIntents.retrieve(intentId)).status, 'processing');

    assert.deepEqual(started.emulator.faults.settleAsyncPayments('success', intentId), [intentId]);
    assert.equal((await stripe.checkout.sessions.retrieve(session.id)).payment_status, 'paid');
    assert.equal((await stripe.paymentIntents.retrieve(intentId)).status, 'succeeded');
    assert.deepEqual(await eventTypesFor(session.id), [
      'checkout.session.completed',
      'checkout.session.async_payment_succeeded',
    ]);
    assert.deepEqual(await eventTypesFor(intentId), [
      'payment_intent.created',
      'payment_intent.processing',
      'payment_intent.succeeded',
    ]);
  });

  it('should settle a bank debit as failed through the control route', async () => {
    const session = await createSession();
    await payOnPage(session, { method: 'bank_debit' });
    const intentId = String((await stripe.checkout.sessions.retrieve(session.id)).payment_intent);
    const settled = await fetch(`${started.emulator.url}/_emulator/async_payments/settle`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer sk_test_any',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `outcome=failure&payment_intent=${intentId}`,
    });
    assert.deepEqual(await settled.json(), { settled: [intentId] });
    const intent = await stripe.paymentIntents.retrieve(intentId);
    assert.equal(intent.status, 'requires_payment_method');
    assert.ok(intent.last_payment_error);
    assert.equal((await stripe.checkout.sessions.retrieve(session.id)).payment_status, 'unpaid');
    assert.deepEqual(await eventTypesFor(session.id), [
      'checkout.session.completed',
      'checkout.session.async_payment_failed',
    ]);
    assert.ok((await eventTypesFor(intentId)).includes('payment_intent.payment_failed'));
  });

  it('should expire only open sessions', async () => {
    const session = await createSession();
    const expired = await stripe.checkout.sessions.expire(session.id);
    assert.equal(expired.status, 'expired');
    assert.equal(expired.url, null);
    assert.deepEqual(await eventTypesFor(session.id), ['checkout.session.expired']);
    await assert.rejects(
      stripe.checkout.sessions.expire(session.id),
      Stripe.errors.StripeInvalidRequestError,
    );
    const page = await fetch(`${started.emulator.url}/test/checkout/${session.id}`);
    assert.equal(page.status, 410);
  });

  it('should list sessions, filtered by payment_intent', async () => {
    const session = await createSession();
    await payOnPage(session, { method: 'card', card_number: '4242424242424242' });
    const intentId = String((await stripe.checkout.sessions.retrieve(session.id)).payment_intent);
    const listed = await stripe.checkout.sessions.list({ payment_intent: intentId });
    assert.deepEqual(
      listed.data.map((candidate) => candidate.id),
      [session.id],
    );
    assert.ok((await stripe.checkout.sessions.list({ limit: 100 })).data.length >= 2);
    await assert.rejects(
      stripe.paymentIntents.cancel(intentId),
      (error: unknown) => error instanceof Stripe.errors.StripeInvalidRequestError,
    );
  });

  it('should serve the page under a strict CSP, escaped, with a cancel link', async () => {
    const session = await createSession({
      line_items: [
        {
          price_data: {
            currency: 'usd',
            unit_amount: 900,
            product_data: { name: '<script>alert(1)</script>' },
          },
          quantity: 1,
        },
      ],
    });
    const page = await fetch(String(session.url));
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /form-action 'self' http:\/\/shop\.test/);
    assert.equal(csp.includes('unsafe-inline'), false);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    const text = await page.text();
    assert.equal(text.includes('<script>'), false);
    assert.ok(text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(text.includes(`<a href="${CANCEL}">`));
    const css = await fetch(`${started.emulator.url}/test/assets/emulator.css`);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  });
});
