/**
 * The hosted test page of a PaymentIntent, standing in for Stripe.js and the Payment Element:
 * `GET /test/payment_intents/:id?client_secret=…&return_url=…` shows a card form; posting it
 * confirms the PaymentIntent and redirects to `return_url` with `payment_intent`,
 * `payment_intent_client_secret` and `redirect_status`, as Stripe does. A decline is shown on the
 * page, as the Payment Element shows it, and the customer may try again.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StripeApiError } from '../core/errors.js';
import { formatAmount } from '../core/money.js';
import { isRecord } from '../core/params.js';
import type { Db } from '../store/database.js';
import type { ResourceDeps } from '../resources/deps.js';
import { payWith } from '../resources/payment-attempts.js';
import { CONFIRMABLE, type PaymentIntentObject } from '../resources/payment-intents.js';
import { createCardPaymentMethod } from '../resources/payment-methods.js';
import { cardFields, readTestCard } from './card-form.js';
import { html, messagePage, originOf, page, sendPage } from './html.js';

interface PageInput {
  intent: PaymentIntentObject;
  clientSecret: string;
  returnUrl: string;
}

export function paymentIntentPage(app: FastifyInstance, db: Db, deps: ResourceDeps): void {
  app.get('/test/payment_intents/:id', async (request, reply) => {
    const input = readInput(deps, request, request.query);
    if (typeof input === 'string') return sendPage(reply, 404, messagePage('Not found', input));
    return showIntent(reply, input, null);
  });

  app.post('/test/payment_intents/:id/confirm', async (request, reply) => {
    const input = readInput(deps, request, request.body);
    if (typeof input === 'string') return sendPage(reply, 404, messagePage('Not found', input));
    if (!CONFIRMABLE.includes(input.intent.status)) return showIntent(reply, input, null);

    const card = readTestCard(isRecord(request.body) ? request.body.card_number : undefined);
    if (card === undefined) return showIntent(reply, input, 'Your card number is incorrect.', 402);
    const context = { requestId: request.id, idempotencyKey: null };
    const outcome = db.transaction(() => {
      try {
        const method = createCardPaymentMethod(deps.store, card);
        return { intent: payWith(deps, input.intent, method, context), decline: null };
      } catch (error) {
        // A decline is an outcome to keep (the failed charge, the events), not a rollback.
        if (!(error instanceof StripeApiError) || error.status !== 402) throw error;
        const intent = deps.store.get<PaymentIntentObject>('payment_intent', input.intent.id);
        return { intent, decline: error.body.message };
      }
    })();
    if (outcome.decline !== null) {
      return showIntent(reply, { ...input, intent: outcome.intent }, outcome.decline, 402);
    }
    return redirectBack(reply, { ...input, intent: outcome.intent });
  });
}

/** The PaymentIntent, when the client secret matches and the return URL is usable. */
function readInput(
  deps: ResourceDeps,
  request: FastifyRequest,
  source: unknown,
): PageInput | string {
  const fields = isRecord(source) ? source : {};
  const id = (request.params as { id?: string }).id ?? '';
  const intent = deps.store.find<PaymentIntentObject>('payment_intent', id);
  const clientSecret = typeof fields.client_secret === 'string' ? fields.client_secret : '';
  // Unknown id and wrong secret answer alike, so the page reveals nothing about other payments.
  if (intent === null || !sameSecret(clientSecret, intent.client_secret)) {
    return 'No such payment: check the link, including its client_secret.';
  }
  const returnUrl = typeof fields.return_url === 'string' ? fields.return_url : '';
  if (originOf(returnUrl) === null) return 'The return_url must be an absolute http or https URL.';
  return { intent, clientSecret, returnUrl };
}

function showIntent(reply: FastifyReply, input: PageInput, error: string | null, status = 200) {
  const { intent } = input;
  const origin = originOf(input.returnUrl) ?? '';
  if (intent.status === 'succeeded' || intent.status === 'processing') {
    const back = returnUrlFor(input);
    return sendPage(
      reply,
      status,
      messagePage('Already paid', 'This payment is complete.', {
        href: back,
        text: 'Back to the shop',
      }),
    );
  }
  if (intent.status === 'canceled') {
    return sendPage(reply, 409, messagePage('Payment canceled', 'This payment was canceled.'));
  }
  const body = html`<h1>Pay</h1>
    <p class="amount">${formatAmount(intent.amount, intent.currency)}</p>
    ${intent.description === null ? '' : html`<p>${intent.description}</p>`}
    ${error === null ? '' : html`<p class="error" role="alert">${error}</p>`}
    <form method="post" action="/test/payment_intents/${intent.id}/confirm">
      <input type="hidden" name="client_secret" value="${input.clientSecret}" />
      <input type="hidden" name="return_url" value="${input.returnUrl}" />
      ${cardFields()}
      <button type="submit">Pay ${formatAmount(intent.amount, intent.currency)}</button>
    </form>`;
  return sendPage(reply, status, page('Pay', body), [origin]);
}

function redirectBack(reply: FastifyReply, input: PageInput): FastifyReply {
  return reply
    .code(303)
    .header('location', returnUrlFor(input))
    .header('cache-control', 'no-store')
    .send();
}

/** The return URL with Stripe's three query parameters added. */
function returnUrlFor(input: PageInput): string {
  const url = new URL(input.returnUrl);
  url.searchParams.set('payment_intent', input.intent.id);
  url.searchParams.set('payment_intent_client_secret', input.clientSecret);
  url.searchParams.set('redirect_status', redirectStatus(input.intent.status));
  return url.toString();
}

/** Stripe's `redirect_status`: `succeeded`, `processing`, or `failed` for anything else. */
function redirectStatus(status: PaymentIntentObject['status']): string {
  return status === 'succeeded' || status === 'processing' ? status : 'failed';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
