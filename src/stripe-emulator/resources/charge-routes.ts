/**
 * `/v1/charges` and `/v1/disputes`: read-only here, as the store only reads them.
 * https://docs.stripe.com/api/charges · https://docs.stripe.com/api/disputes
 */
import type { FastifyInstance } from 'fastify';
import { addApiRoute, type ApiRouteDeps } from '../http/api-route.js';
import type { ChargeObject } from './charges.js';
import type { ResourceDeps } from './deps.js';
import type { DisputeObject } from './disputes.js';
import { expandObject } from './expand.js';
import { listObjects, readListInput } from './listing.js';
import { readExpand } from './payment-intent-routes.js';

export function chargeRoutes(app: FastifyInstance, api: ApiRouteDeps, deps: ResourceDeps): void {
  const { store } = deps;

  addApiRoute(app, api, {
    method: 'GET',
    url: '/v1/charges/:id',
    parse: (params, path) => ({ id: path.id ?? '', expand: readExpand(params) }),
    execute: (input) =>
      expandObject(store, store.get<ChargeObject>('charge', input.id, 'charge'), input.expand),
  });

  addApiRoute(app, api, {
    method: 'GET',
    url: '/v1/charges',
    parse: (params) => ({
      list: readListInput(params),
      paymentIntent: params.string('payment_intent'),
    }),
    execute: (input) =>
      listObjects(
        store,
        'charge',
        '/v1/charges',
        input.list,
        filter('payment_intent', input.paymentIntent),
      ),
  });

  addApiRoute(app, api, {
    method: 'GET',
    url: '/v1/disputes/:id',
    parse: (params, path) => ({ id: path.id ?? '', expand: readExpand(params) }),
    execute: (input) =>
      expandObject(store, store.get<DisputeObject>('dispute', input.id, 'dispute'), input.expand),
  });

  addApiRoute(app, api, {
    method: 'GET',
    url: '/v1/disputes',
    parse: (params) => ({
      list: readListInput(params),
      charge: params.string('charge'),
      paymentIntent: params.string('payment_intent'),
    }),
    execute: (input) =>
      listObjects(store, 'dispute', '/v1/disputes', input.list, {
        ...filter('charge', input.charge),
        ...filter('payment_intent', input.paymentIntent),
      }),
  });
}

/** A one-field equality filter, or none when the request did not ask for it. */
export function filter(field: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [field]: value };
}
