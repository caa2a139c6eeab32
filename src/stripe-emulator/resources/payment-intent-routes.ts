/**
 * `/v1/payment_intents`: create, retrieve, update, confirm, cancel and list.
 * https://docs.stripe.com/api/payment_intents
 */
import { invalidRequest } from '../core/errors.js';
import { readMetadata } from '../core/metadata.js';
import { checkAmount, parseCurrency } from '../core/money.js';
import type { ParamReader } from '../core/params.js';
import { apiRoute, type RouteInstaller } from '../http/api-route.js';
import type { ResourceDeps } from './deps.js';
import { expandObject } from './expand.js';
import { listObjects, readListInput } from './listing.js';
import { confirmPaymentIntent } from './payment-attempts.js';
import {
  cancelPaymentIntent,
  createPaymentIntent,
  unexpectedState,
  updatePaymentIntent,
  type PaymentIntentObject,
} from './payment-intents.js';
import { resolvePaymentMethod } from './payment-methods.js';

const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'];
const PAYMENT_METHOD_TYPES = ['card', 'us_bank_account'];

export function paymentIntentRoutes(deps: ResourceDeps): RouteInstaller[] {
  const load = (id: string) => deps.store.get<PaymentIntentObject>('payment_intent', id, 'intent');
  return [
    createRoute(deps),
    apiRoute({
      method: 'GET',
      url: '/v1/payment_intents/:id',
      parse: (params, path) => ({ id: path.id ?? '', expand: readExpand(params) }),
      execute: (input) => expandObject(deps.store, load(input.id), input.expand),
    }),
    apiRoute({
      method: 'POST',
      url: '/v1/payment_intents/:id',
      parse: (params, path) => ({
        id: path.id ?? '',
        metadata: readMetadata(params),
        description: params.string('description'),
        expand: readExpand(params),
      }),
      execute: (input) =>
        expandObject(deps.store, updatePaymentIntent(deps, load(input.id), input), input.expand),
    }),
    confirmRoute(deps, load),
    cancelRoute(deps, load),
    apiRoute({
      method: 'GET',
      url: '/v1/payment_intents',
      parse: (params) => readListInput(params),
      execute: (input) => listObjects(deps.store, 'payment_intent', '/v1/payment_intents', input),
    }),
  ];
}

function createRoute(deps: ResourceDeps): RouteInstaller {
  return apiRoute({
    method: 'POST',
    url: '/v1/payment_intents',
    parse: readCreate,
    check: checkCreate,
    execute: (input, context) => {
      let intent = createPaymentIntent(deps, input, context);
      if (input.paymentMethod !== undefined && !input.confirm) {
        const method = resolvePaymentMethod(deps.store, input.paymentMethod);
        intent = deps.store.save({
          ...intent,
          payment_method: method.id,
          status: 'requires_confirmation',
        });
      }
      if (input.confirm) intent = confirmPaymentIntent(deps, intent, input, context);
      return expandObject(deps.store, intent, input.expand);
    },
  });
}

function confirmRoute(deps: ResourceDeps, load: (id: string) => PaymentIntentObject) {
  return apiRoute({
    method: 'POST',
    url: '/v1/payment_intents/:id/confirm',
    parse: (params, path) => ({
      id: path.id ?? '',
      paymentMethod: params.string('payment_method'),
      returnUrl: params.string('return_url'),
      expand: readExpand(params),
    }),
    execute: (input, context) => {
      const confirmed = confirmPaymentIntent(deps, load(input.id), input, context);
      return expandObject(deps.store, confirmed, input.expand);
    },
  });
}

function cancelRoute(deps: ResourceDeps, load: (id: string) => PaymentIntentObject) {
  return apiRoute({
    method: 'POST',
    url: '/v1/payment_intents/:id/cancel',
    parse: (params, path) => ({
      id: path.id ?? '',
      reason: params.enumeration('cancellation_reason', CANCELLATION_REASONS),
      expand: readExpand(params),
    }),
    execute: (input, context) => {
      const intent = load(input.id);
      if (deps.store.all('checkout.session', { payment_intent: intent.id }).length > 0) {
        throw unexpectedState(
          'You cannot cancel this PaymentIntent because it was created by a Checkout Session. ' +
            'Expire the Checkout Session instead.',
        );
      }
      const canceled = cancelPaymentIntent(deps, intent, input.reason, context);
      return expandObject(deps.store, canceled, input.expand);
    },
  });
}

function readCreate(params: ParamReader) {
  return {
    amount: params.integer('amount', { required: true, min: 0 }) ?? 0,
    currency: parseCurrency(params.string('currency', { required: true }) ?? ''),
    description: params.string('description', { maxLength: 1000 }),
    metadata: readMetadata(params),
    automaticPaymentMethods: params.object('automatic_payment_methods', (automatic) => ({
      enabled: automatic.boolean('enabled', { required: true }) ?? false,
      allow_redirects: automatic.enumeration('allow_redirects', ['always', 'never'] as const),
    })),
    paymentMethodTypes: params.stringArray('payment_method_types'),
    paymentMethod: params.string('payment_method'),
    confirm: params.boolean('confirm') ?? false,
    returnUrl: params.string('return_url'),
    expand: readExpand(params),
  };
}

function checkCreate(input: ReturnType<typeof readCreate>): void {
  checkAmount(input.amount, input.currency);
  if (input.automaticPaymentMethods !== undefined && input.paymentMethodTypes !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: ' +
        'automatic_payment_methods, payment_method_types.',
      { param: 'payment_method_types' },
    );
  }
  const unknownType = input.paymentMethodTypes?.find(
    (type) => !PAYMENT_METHOD_TYPES.includes(type),
  );
  if (unknownType !== undefined) {
    throw invalidRequest(`The payment method type "${unknownType}" is invalid.`, {
      param: 'payment_method_types',
    });
  }
}

export function readExpand(params: ParamReader): string[] {
  return params.stringArray('expand') ?? [];
}
