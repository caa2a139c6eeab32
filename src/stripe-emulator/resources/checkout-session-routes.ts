/**
 * `/v1/checkout/sessions`: create (payment mode), retrieve, expire, list, and list line items.
 * https://docs.stripe.com/api/checkout/sessions
 */
import { invalidRequest } from '../core/errors.js';
import { listEnvelope } from '../core/list.js';
import { readMetadata } from '../core/metadata.js';
import type { ParamReader } from '../core/params.js';
import { apiRoute, type RouteInstaller } from '../http/api-route.js';
import { filter } from './charge-routes.js';
import { readLineItem } from './checkout-line-items.js';
import type { CheckoutSessionObject } from './checkout-session-object.js';
import {
  checkNewSession,
  createCheckoutSession,
  expireSession,
  loadSession,
  type NewCheckoutSession,
} from './checkout-sessions.js';
import type { ResourceDeps } from './deps.js';
import { expandObject } from './expand.js';
import { listObjects, readListInput } from './listing.js';
import { readExpand } from './payment-intent-routes.js';

const URL_PARAMS = ['success_url', 'cancel_url'] as const;

export function checkoutSessionRoutes(deps: ResourceDeps): RouteInstaller[] {
  const { store } = deps;
  return [
    apiRoute({
      method: 'POST',
      url: '/v1/checkout/sessions',
      parse: (params) => ({ session: readCreate(params), expand: readExpand(params) }),
      check: (input) => checkNewSession(input.session),
      execute: (input) =>
        expandObject(store, createCheckoutSession(deps, input.session), input.expand),
    }),
    apiRoute({
      method: 'GET',
      url: '/v1/checkout/sessions/:id',
      parse: (params, path) => ({ id: path.id ?? '', expand: readExpand(params) }),
      execute: (input) => expandObject(store, loadSession(deps, input.id), input.expand),
    }),
    apiRoute({
      method: 'POST',
      url: '/v1/checkout/sessions/:id/expire',
      parse: (params, path) => ({ id: path.id ?? '', expand: readExpand(params) }),
      execute: (input, context) => {
        const expired = expireSession(deps, loadSession(deps, input.id), context);
        return expandObject(store, expired, input.expand);
      },
    }),
    listRoute(deps),
    lineItemsRoute(deps),
  ];
}

function listRoute(deps: ResourceDeps): RouteInstaller {
  return apiRoute({
    method: 'GET',
    url: '/v1/checkout/sessions',
    parse: (params) => ({
      list: readListInput(params),
      paymentIntent: params.string('payment_intent'),
      status: params.enumeration('status', ['open', 'complete', 'expired']),
    }),
    execute: (input) => {
      const list = listObjects<CheckoutSessionObject>(
        deps.store,
        'checkout.session',
        '/v1/checkout/sessions',
        input.list,
        { ...filter('payment_intent', input.paymentIntent), ...filter('status', input.status) },
      );
      return { ...list, data: list.data.map((session) => loadSession(deps, session.id)) };
    },
  });
}

function lineItemsRoute(deps: ResourceDeps): RouteInstaller {
  return apiRoute({
    method: 'GET',
    url: '/v1/checkout/sessions/:id/line_items',
    parse: (params, path) => ({
      id: path.id ?? '',
      list: readListInput(params, { created: false }),
    }),
    execute: (input) => {
      const session = loadSession(deps, input.id);
      const { data, hasMore } = deps.store.list('item', {
        owner: session.id,
        page: input.list.page,
        oldestFirst: true,
      });
      return listEnvelope(data, hasMore, `/v1/checkout/sessions/${session.id}/line_items`);
    },
  });
}

function readCreate(params: ParamReader): NewCheckoutSession {
  const mode = params.string('mode', { required: true });
  if (mode !== 'payment') {
    throw invalidRequest(`The emulator supports mode=payment only, not ${mode}.`, {
      param: 'mode',
    });
  }
  const [successUrl, cancelUrl] = URL_PARAMS.map((name) => readUrl(params, name));
  const input: NewCheckoutSession = {
    lineItems: params.array('line_items', readLineItem, { required: true, max: 100 }) ?? [],
    successUrl,
    cancelUrl,
    clientReferenceId: params.string('client_reference_id', { maxLength: 200 }),
    customerEmail: params.string('customer_email'),
    expiresAt: params.integer('expires_at'),
    metadata: readMetadata(params),
    paymentIntentData: params.object('payment_intent_data', (data) => ({
      metadata: readMetadata(data),
      description: data.string('description', { maxLength: 1000 }),
    })),
    paymentMethodTypes: readPaymentMethodTypes(params),
  };
  return input;
}

/** An absolute http(s) URL, as Stripe requires for redirect URLs. */
function readUrl(params: ParamReader, name: string): string | undefined {
  const value = params.string(name, { maxLength: 5000 });
  if (value === undefined) return undefined;
  try {
    const url = new URL(value.replaceAll('{CHECKOUT_SESSION_ID}', 'placeholder'));
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // Reported below, as Stripe reports it.
  }
  throw invalidRequest(`Not a valid URL: ${name} must be an absolute http or https URL.`, {
    code: 'url_invalid',
    param: name,
  });
}

function readPaymentMethodTypes(params: ParamReader): string[] | undefined {
  const types = params.stringArray('payment_method_types');
  const unknown = types?.find((type) => type !== 'card' && type !== 'us_bank_account');
  if (unknown !== undefined) {
    throw invalidRequest(`The payment method type "${unknown}" is not supported by the emulator.`, {
      param: 'payment_method_types',
    });
  }
  return types;
}
