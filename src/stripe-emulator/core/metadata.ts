/**
 * Stripe's metadata: up to 50 string pairs, keys up to 40 characters, values up to 500. An empty
 * value removes its key, and `metadata=` (empty) removes them all.
 * https://docs.stripe.com/api/metadata
 */
import { invalidRequest } from './errors.js';
import { isRecord, type ParamReader } from './params.js';

export type Metadata = Record<string, string>;

/** What a request asks of an object's metadata. */
export interface MetadataUpdate {
  clearAll: boolean;
  set: Metadata;
  unset: string[];
}

const MAX_KEYS = 50;
const MAX_KEY_LENGTH = 40;
const MAX_VALUE_LENGTH = 500;

/** Reads `metadata[…]` (or another free-form key holding metadata) from a request. */
export function readMetadata(params: ParamReader, key = 'metadata'): MetadataUpdate | undefined {
  const raw = params.freeForm(key);
  const name = params.nameOf(key);
  if (raw === undefined) return undefined;
  if (raw === '') return { clearAll: true, set: {}, unset: [] };
  if (!isRecord(raw)) throw invalidRequest(`Invalid ${name}: must be an object`, { param: name });

  const update: MetadataUpdate = {
    clearAll: false,
    set: Object.create(null) as Metadata,
    unset: [],
  };
  for (const [field, value] of Object.entries(raw)) {
    const param = `${name}[${field}]`;
    if (typeof value !== 'string') {
      throw invalidRequest(`Invalid ${param}: metadata values must be strings`, { param });
    }
    if (field.length > MAX_KEY_LENGTH) {
      throw invalidRequest(`Metadata keys can have up to ${MAX_KEY_LENGTH} characters`, { param });
    }
    if (value.length > MAX_VALUE_LENGTH) {
      throw invalidRequest(`Metadata values can have up to ${MAX_VALUE_LENGTH} characters`, {
        param,
      });
    }
    if (value === '') update.unset.push(field);
    else update.set[field] = value;
  }
  return update;
}

/** The metadata after `update`, refused when it would hold more than Stripe allows. */
export function applyMetadata(current: Metadata, update: MetadataUpdate | undefined): Metadata {
  if (update === undefined) return current;
  // A Map and fromEntries, not assignment, so a key such as `__proto__` stays an ordinary key.
  const next = new Map(update.clearAll ? [] : Object.entries(current));
  for (const field of update.unset) next.delete(field);
  for (const [field, value] of Object.entries(update.set)) next.set(field, value);
  if (next.size > MAX_KEYS) {
    throw invalidRequest(`Metadata can have up to ${MAX_KEYS} keys`, { param: 'metadata' });
  }
  return Object.fromEntries(next);
}
