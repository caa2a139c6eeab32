/**
 * `/v1/refunds`: create, retrieve, update (metadata) and list by `payment_intent` or `charge`.
 * https://docs.stripe.com/api/refunds
 */
import type { FastifyInstance } from 'fastify';
import { readMetadata } from '../core/metadata.js';
import { addApiRoute, type ApiRouteDeps } from '../http/api-route.js';
import { filter } from './charge-routes.js';
import type { ResourceDeps } from './deps.js';
import { expandObject } from './expand.js';
import { listObjects, readListInput } from './listing.js';
import { readExpand } from './payment-intent-routes.js';
import { REFUND_REASONS, createRefund, updateRefund, type RefundObject } from './refunds.js';

export function refundRoutes(app: FastifyInstance, api: ApiRouteDeps, deps: ResourceDeps): void {
  const { store } = deps;
  const load = (id: string) => store.get<RefundObject>('refund', id, 'refund');

  addApiRoute(app, api, {
    method: 'POST',
    url: '/v1/refunds',
    parse: (params) => ({
      paymentIntent: params.string('payment_intent'),
      charge: params.string('charge'),
      amount: params.integer('amount', { min: 1 }),
      reason: params.enumeration('reason', REFUND_REASONS),
      metadata: readMetadata(params),
      expand: readExpand(params),
    }),
    execute: (input, context) =>
      expandObject(store, createRefund(deps, input, context), input.expand),
  });

  addApiRoute(app, api, {
    method: 'GET',
    url: '/v1/refunds/:id',
    parse: (params, path) => ({ id: path.id ?? '', expand: readExpand(params) }),
    execute: (input) => expandObject(store, load(input.id), input.expand),
  });

  addApiRoute(app, api, {
    method: 'POST',
    url: '/v1/refunds/:id',
    parse: (params, path) => ({
      id: path.id ?? '',
      metadata: readMetadata(params),
      expand: readExpand(params),
    }),
    execute: (input, context) =>
      expandObject(
        store,
        updateRefund(deps, load(input.id), input.metadata, context),
        input.expand,
      ),
  });

  addApiRoute(app, api, {
    method: 'GET',
    url: '/v1/refunds',
    parse: (params) => ({
      list: readListInput(params),
      paymentIntent: params.string('payment_intent'),
      charge: params.string('charge'),
    }),
    execute: (input) =>
      listObjects(store, 'refund', '/v1/refunds', input.list, {
        ...filter('payment_intent', input.paymentIntent),
        ...filter('charge', input.charge),
      }),
  });
}
