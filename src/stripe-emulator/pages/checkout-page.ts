/**
 * The hosted page of a Checkout Session, at the session's `url`: the line items, a card form
 * and, when the session allows it, a bank debit that completes the session unpaid until settled.
 * Paying redirects to `success_url` (with `{CHECKOUT_SESSION_ID}` filled in); the cancel link
 * goes to `cancel_url` and leaves the session open, as at Stripe.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { formatAmount } from '../core/money.js';
import { isRecord } from '../core/params.js';
import type { LineItemObject } from '../resources/checkout-line-items.js';
import type { CheckoutSessionObject } from '../resources/checkout-session-object.js';
import { payCheckoutSession } from '../resources/checkout-sessions.js';
import type { ResourceDeps } from '../resources/deps.js';
import {
  createBankDebitPaymentMethod,
  createCardPaymentMethod,
} from '../resources/payment-methods.js';
import type { Db } from '../store/database.js';
import { cardFields, readTestCard } from './card-form.js';
import { html, messagePage, originOf, page, sendPage } from './html.js';

export function checkoutPage(app: FastifyInstance, db: Db, deps: ResourceDeps): void {
  const find = (id: string) => deps.store.find<CheckoutSessionObject>('checkout.session', id);

  app.get('/test/checkout/:id', async (request, reply) => {
    const session = find((request.params as { id: string }).id);
    if (session === null) return notFound(reply);
    return showSession(reply, deps, session, null);
  });

  app.post('/test/checkout/:id/pay', async (request, reply) => {
    const session = find((request.params as { id: string }).id);
    if (session === null) return notFound(reply);
    if (session.status !== 'open') return showSession(reply, deps, session, null);

    const body = isRecord(request.body) ? request.body : {};
    const bankDebit =
      body.method === 'bank_debit' && session.payment_method_types.includes('us_bank_account');
    const card = bankDebit ? undefined : readTestCard(body.card_number);
    if (!bankDebit && card === undefined) {
      return showSession(reply, deps, session, 'Your card number is incorrect.', 402);
    }
    const outcome = db.transaction(() => {
      const method =
        card === undefined
          ? createBankDebitPaymentMethod(deps.store)
          : createCardPaymentMethod(deps.store, card);
      return payCheckoutSession(deps, session, method);
    })();
    if (outcome.declineMessage !== null) {
      return showSession(reply, deps, outcome.session, outcome.declineMessage, 402);
    }
    return redirectToSuccess(reply, outcome.session);
  });
}

function showSession(
  reply: FastifyReply,
  deps: ResourceDeps,
  session: CheckoutSessionObject,
  error: string | null,
  status = 200,
): FastifyReply {
  if (session.status === 'complete') {
    const success = successUrlOf(session);
    const link = success === null ? undefined : { href: success, text: 'Back to the shop' };
    return sendPage(reply, status, messagePage('Paid', 'This checkout is complete.', link));
  }
  if (session.status === 'expired') {
    return sendPage(reply, 410, messagePage('Expired', 'This checkout has expired.'));
  }
  const items = deps.store.owned<LineItemObject>('item', session.id);
  const total = formatAmount(session.amount_total, session.currency);
  const body = html`<h1>Checkout</h1>
    <table>
      ${items.map(
        (item) =>
          html`<tr>
            <td>${item.description} × ${item.quantity}</td>
            <td class="num">${formatAmount(item.amount_total, item.currency)}</td>
          </tr>`,
      )}
      <tr>
        <td><strong>Total</strong></td>
        <td class="num amount">${total}</td>
      </tr>
    </table>
    ${error === null ? '' : html`<p class="error" role="alert">${error}</p>`}
    <form method="post" action="/test/checkout/${session.id}/pay">
      ${methodChoice(session)} ${cardFields()}
      <button type="submit">Pay ${total}</button>
    </form>
    ${cancelLink(session)}`;
  const origins = [originOf(session.success_url)].filter((origin) => origin !== null);
  return sendPage(reply, status, page('Checkout', body), origins);
}

function cancelLink(session: CheckoutSessionObject) {
  if (session.cancel_url === null) return '';
  return html`<p><a href="${session.cancel_url}">Cancel and go back</a></p>`;
}

function methodChoice(session: CheckoutSessionObject) {
  if (!session.payment_method_types.includes('us_bank_account')) {
    return html`<input type="hidden" name="method" value="card" />`;
  }
  return html`<fieldset>
    <legend>Pay with</legend>
    <label><input type="radio" name="method" value="card" checked /> Card</label>
    <label
      ><input type="radio" name="method" value="bank_debit" /> Bank debit (test bank account;
      settles later)</label
    >
  </fieldset>`;
}

function redirectToSuccess(reply: FastifyReply, session: CheckoutSessionObject): FastifyReply {
  const success = successUrlOf(session);
  if (success === null) {
    return sendPage(reply, 200, messagePage('Paid', 'Thank you: this checkout is complete.'));
  }
  return reply.code(303).header('location', success).header('cache-control', 'no-store').send();
}

/** `success_url` with Stripe's `{CHECKOUT_SESSION_ID}` template variable filled in. */
function successUrlOf(session: CheckoutSessionObject): string | null {
  return session.success_url?.replaceAll('{CHECKOUT_SESSION_ID}', session.id) ?? null;
}

function notFound(reply: FastifyReply): FastifyReply {
  return sendPage(reply, 404, messagePage('Not found', 'No such checkout.'));
}
