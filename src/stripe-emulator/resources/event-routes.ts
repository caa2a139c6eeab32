/**
 * `/v1/events`: retrieve, and list with `type` (a `*` wildcard at the end), `types[]`,
 * `created` and `delivery_success`, newest first.
 * https://docs.stripe.com/api/events/list
 */
import { invalidRequest } from '../core/errors.js';
import { listEnvelope } from '../core/list.js';
import type { ParamReader } from '../core/params.js';
import type { EventFilter, EventLog } from '../events/event-log.js';
import { apiRoute, type RouteInstaller } from '../http/api-route.js';
import { readListInput } from './listing.js';

const MAX_TYPES = 20;

export function eventRoutes(events: EventLog): RouteInstaller[] {
  return [
    apiRoute({
      method: 'GET',
      url: '/v1/events/:id',
      parse: (params, path) => {
        params.stringArray('expand');
        return { id: path.id ?? '' };
      },
      execute: (input) => events.get(input.id),
    }),
    apiRoute({
      method: 'GET',
      url: '/v1/events',
      parse: (params) => ({ list: readListInput(params), filter: readFilter(params) }),
      execute: (input) => {
        const { data, hasMore } = events.list(
          { ...input.filter, created: input.list.created },
          input.list.page,
        );
        return listEnvelope(data, hasMore, '/v1/events');
      },
    }),
  ];
}

function readFilter(params: ParamReader): EventFilter {
  const type = params.string('type');
  const types = params.stringArray('types', { max: MAX_TYPES });
  if (type !== undefined && types !== undefined) {
    throw invalidRequest('You may pass either type or types, but not both.', { param: 'types' });
  }
  if (type !== undefined && type.indexOf('*') !== -1 && type.indexOf('*') !== type.length - 1) {
    throw invalidRequest('A wildcard (*) may appear only at the end of type.', { param: 'type' });
  }
  return { type, types, deliverySuccess: params.boolean('delivery_success') };
}
