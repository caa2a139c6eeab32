/**
 * Stripe's list envelope and cursor pagination: `{object: 'list', data, has_more, url}`, newest
 * first, `limit` 1–100 (default 10), and `starting_after` / `ending_before` naming an object id.
 * https://docs.stripe.com/api/pagination
 */
import { invalidRequest } from './errors.js';
import type { ParamReader } from './params.js';

export interface ListEnvelope<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** Which page a list request asks for. */
export interface PageRequest {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

/** Reads `limit`, `starting_after` and `ending_before` (and `expand` is read by the caller). */
export function readPage(params: ParamReader): PageRequest {
  const limit = params.integer('limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('Invalid limit: must be between 1 and 100', { param: 'limit' });
  }
  const startingAfter = params.string('starting_after');
  const endingBefore = params.string('ending_before');
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalidRequest('starting_after and ending_before cannot be used together', {
      param: 'ending_before',
    });
  }
  return { limit, startingAfter, endingBefore };
}

export function listEnvelope<T>(data: T[], hasMore: boolean, url: string): ListEnvelope<T> {
  return { object: 'list', data, has_more: hasMore, url };
}
