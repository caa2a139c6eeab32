/**
 * `/v1/charges` and `/v1/disputes`: read-only here, as the store only reads them.
 * https://docs.stripe.com/api/charges · https://docs.stripe.com/api/disputes
 */
import { apiRoute, type RouteInstaller } from '../http/api-route.js';
import type { ChargeObject } from './charges.js';
import type { ResourceDeps } from './deps.js';
import type { DisputeObject } from './disputes.js';
import { expandObject } from './expand.js';
import { listObjects, readListInput } from './listing.js';
import { readExpand } from './payment-intent-routes.js';

export function chargeRoutes(deps: ResourceDeps): RouteInstaller[] {
  const { store } = deps;
  return [
    retrieveRoute(deps, 'charge', '/v1/charges/:id'),
    apiRoute({
      method: 'GET',
      url: '/v1/charges',
      parse: (params) => ({
        list: readListInput(params),
        paymentIntent: params.string('payment_intent'),
      }),
      execute: (input) =>
        listObjects<ChargeObject>(store, 'charge', '/v1/charges', input.list, {
          ...filter('payment_intent', input.paymentIntent),
        }),
    }),
    retrieveRoute(deps, 'dispute', '/v1/disputes/:id'),
    apiRoute({
      method: 'GET',
      url: '/v1/disputes',
      parse: (params) => ({
        list: readListInput(params),
        charge: params.string('charge'),
        paymentIntent: params.string('payment_intent'),
      }),
      execute: (input) =>
        listObjects<DisputeObject>(store, 'dispute', '/v1/disputes', input.list, {
          ...filter('charge', input.charge),
          ...filter('payment_intent', input.paymentIntent),
        }),
    }),
  ];
}

/** `GET <url>/:id` of a stored object, with `expand[]`. */
export function retrieveRoute(deps: ResourceDeps, type: string, url: string): RouteInstaller {
  return apiRoute({
    method: 'GET',
    url,
    parse: (params, path) => ({ id: path.id ?? '', expand: readExpand(params) }),
    execute: (input) => expandObject(deps.store, deps.store.get(type, input.id), input.expand),
  });
}

/** A one-field equality filter, or none when the request did not ask for it. */
export function filter(field: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [field]: value };
}
