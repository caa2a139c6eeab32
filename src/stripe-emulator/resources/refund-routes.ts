/**
 * `/v1/refunds`: create, retrieve, update (metadata) and list by `payment_intent` or `charge`.
 * https://docs.stripe.com/api/refunds
 */
import { readMetadata } from '../core/metadata.js';
import { apiRoute, type RouteInstaller } from '../http/api-route.js';
import { filter, retrieveRoute } from './charge-routes.js';
import type { ResourceDeps } from './deps.js';
import { expandObject } from './expand.js';
import { listObjects, readListInput } from './listing.js';
import { readExpand } from './payment-intent-routes.js';
import { REFUND_REASONS, createRefund, updateRefund, type RefundObject } from './refunds.js';

export function refundRoutes(deps: ResourceDeps): RouteInstaller[] {
  const { store } = deps;
  return [
    createRoute(deps),
    retrieveRoute(deps, 'refund', '/v1/refunds/:id'),
    apiRoute({
      method: 'POST',
      url: '/v1/refunds/:id',
      parse: (params, path) => ({
        id: path.id ?? '',
        metadata: readMetadata(params),
        expand: readExpand(params),
      }),
      execute: (input, context) => {
        const refund = store.get<RefundObject>('refund', input.id, 'refund');
        return expandObject(
          store,
          updateRefund(deps, refund, input.metadata, context),
          input.expand,
        );
      },
    }),
    apiRoute({
      method: 'GET',
      url: '/v1/refunds',
      parse: (params) => ({
        list: readListInput(params),
        paymentIntent: params.string('payment_intent'),
        charge: params.string('charge'),
      }),
      execute: (input) =>
        listObjects<RefundObject>(store, 'refund', '/v1/refunds', input.list, {
          ...filter('payment_intent', input.paymentIntent),
          ...filter('charge', input.charge),
        }),
    }),
  ];
}

function createRoute(deps: ResourceDeps): RouteInstaller {
  return apiRoute({
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
      expandObject(deps.store, createRefund(deps, input, context), input.expand),
  });
}
