/**
 * The common shape of a list endpoint: filters and page from the request, a Stripe list
 * envelope back, with `expand[]=data.…` applied.
 */
import { listEnvelope, readPage, type ListEnvelope, type PageRequest } from '../core/list.js';
import type { ParamReader, RangeFilter } from '../core/params.js';
import type { ObjectStore, StripeObject } from '../store/object-store.js';
import { expandList } from './expand.js';

/** What every list request carries besides its own filters. */
export interface ListInput {
  page: PageRequest;
  created?: RangeFilter;
  expand: string[];
}

/** Reads `limit`, `starting_after`, `ending_before`, `created` and `expand`. */
export function readListInput(params: ParamReader, options: { created?: boolean } = {}): ListInput {
  return {
    page: readPage(params),
    created: options.created === false ? undefined : params.range('created'),
    expand: params.stringArray('expand') ?? [],
  };
}

export function listObjects<T extends StripeObject>(
  store: ObjectStore,
  type: string,
  url: string,
  input: ListInput,
  equals: Record<string, string> = {},
): ListEnvelope<T> {
  const { data, hasMore } = store.list<T>(type, {
    equals,
    created: input.created,
    page: input.page,
  });
  return expandList(store, listEnvelope(data, hasMore, url), input.expand);
}
