import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { startWithReceiver } from './test-harness.js';

type Started = Awaited<ReturnType<typeof startWithReceiver>>;

const RETURN_URL = 'http://shop.test/orders/ord_7/return?from=stripe';

describe('stripe emulator: hosted PaymentIntent page', () => {
  let started: Started;
  let stripe: Stripe;

  before(async () => {
    started = await startWithReceiver();
    stripe = started.stripe;
  });
  after(() => started.close());

  const newIntent = () =>
    stripe.paymentIntents.create({
      amount: 1999,
      currency: 'usd',
      description: 'Order <b>7</b>',
      automatic_payment_methods: { enabled: true },
    });
  const pageUrl = (intent: Stripe.PaymentIntent, secret = intent.client_secret ?? '') =>
    started.emulator.paymentPageUrl(intent.id, secret, RETURN_URL);

  /** Fetches the page, reads its form, and posts it with `cardNumber` as a browser would. */
  const payOnPage = async (intent: Stripe.PaymentIntent, cardNumber: string) => {
    const page = await fetch(pageUrl(intent));
    const text = await page.text();
    const action = /<form method="post" action="([^"]+)"/.exec(text)?.[1];
    assert.ok(action);
    const fields = new URLSearchParams({ card_number: cardNumber });
    for (const [, name, value] of text.matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)"/g,
    )) {
      fields.set(name ?? '', (value ?? '').replaceAll('&amp;', '&'));
    }
    return fetch(new URL(action, started.emulator.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
      redirect: 'manual',
    });
  };

  it('should show the amount and a card form, under a strict CSP', async () => {
    const intent = await newIntent();
    const page = await fetch(pageUrl(intent));
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(
      csp,
      /default-src 'none'; style-src 'self'; form-action 'self' http:\/\/shop\.test/,
    );
    assert.equal(csp.includes('unsafe-inline'), false);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const text = await page.text();
    assert.ok(text.includes('19.99 USD'));
    assert.ok(text.includes('Order &lt;b&gt;7&lt;/b&gt;'));
    assert.ok(text.includes('name="card_number"'));
  });

  it('should answer 404 alike for a wrong client secret and an unknown id', async () => {
    const intent = await newIntent();
    const wrong = await fetch(pageUrl(intent, `${intent.id}_secret_wrong`));
    const unknown = await fetch(pageUrl({ ...intent, id: 'pi_unknown' }));
    assert.equal(wrong.status, 404);
    assert.equal(unknown.status, 404);
    assert.equal(await wrong.text(), await unknown.text());
  });

  it('should confirm with 4242 and redirect to return_url as Stripe does', async () => {
    const intent = await newIntent();
    const response = await payOnPage(intent, '4242 4242 4242 4242');
    assert.equal(response.status, 303);
    const location = new URL(response.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, 'http://shop.test/orders/ord_7/return');
    assert.equal(location.searchParams.get('from'), 'stripe');
    assert.equal(location.searchParams.get('payment_intent'), intent.id);
    assert.equal(location.searchParams.get('payment_intent_client_secret'), intent.client_secret);
    assert.equal(location.searchParams.get('redirect_status'), 'succeeded');

    const paid = await stripe.paymentIntents.retrieve(intent.id);
    assert.equal(paid.status, 'succeeded');
    await started.emulator.waitForDeliveries();
    const succeeded = started.receiver.events.find(
      (event) =>
        event.type === 'payment_intent.succeeded' &&
        (event.data.object as Stripe.PaymentIntent).id === intent.id,
    );
    assert.ok(succeeded);
    assert.match(String(succeeded.request?.id), /^req_/);

    const again = await fetch(pageUrl(intent));
    assert.match(await again.text(), /redirect_status=succeeded/);
  });

  it('should show a decline on the page, without redirecting', async () => {
    const intent = await newIntent();
    const response = await payOnPage(intent, '4000 0000 0000 0002');
    assert.equal(response.status, 402);
    assert.match(await response.text(), /role="alert">Your card was declined\./);
    const after = await stripe.paymentIntents.retrieve(intent.id);
    assert.equal(after.status, 'requires_payment_method');
    assert.equal(after.last_payment_error?.decline_code, 'generic_decline');
  });

  it('should succeed with 4000 0000 0000 0259 and then open a dispute', async () => {
    const intent = await newIntent();
    assert.equal((await payOnPage(intent, '4000000000000259')).status, 303);
    await started.emulator.waitForDeliveries();
    const dispute = started.receiver.events.find(
      (event) =>
        event.type === 'charge.dispute.created' &&
        (event.data.object as Stripe.Dispute).payment_intent === intent.id,
    );
    assert.ok(dispute);
  });

  it('should refuse a canceled PaymentIntent and a return_url that is not http(s)', async () => {
    const intent = await newIntent();
    await stripe.paymentIntents.cancel(intent.id);
    assert.equal((await fetch(pageUrl(intent))).status, 409);
    const other = await newIntent();
    const bad = started.emulator.paymentPageUrl(
      other.id,
      other.client_secret ?? '',
      'javascript:alert(1)',
    );
    assert.equal((await fetch(bad)).status, 404);
  });
});
