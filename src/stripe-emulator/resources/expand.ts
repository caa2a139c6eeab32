/**
 * `expand[]`: replaces an id in a response with the object it names, as Stripe does for
 * `latest_charge` of a PaymentIntent or `payment_intent` of a Checkout Session. Paths may go
 * deeper (`payment_intent.latest_charge`), and on lists start with `data.`.
 * https://docs.stripe.com/api/expanding_objects
 */
import { invalidRequest } from '../core/errors.js';
import type { ListEnvelope } from '../core/list.js';
import { isRecord } from '../core/params.js';
import type { ObjectStore } from '../store/object-store.js';

/** For each kind of object, the fields that can be expanded and the kind they name. */
const EXPANDABLE: Record<string, Record<string, string>> = {
  payment_intent: { latest_charge: 'charge', payment_method: 'payment_method' },
  charge: { payment_intent: 'payment_intent' },
  refund: { charge: 'charge', payment_intent: 'payment_intent' },
  dispute: { charge: 'charge', payment_intent: 'payment_intent' },
  'checkout.session': { payment_intent: 'payment_intent' },
};

const MAX_DEPTH = 4;

/** A copy of `object` with each path in `paths` expanded. */
export function expandObject<T extends object>(store: ObjectStore, object: T, paths: string[]): T {
  if (paths.length === 0) return object;
  const copy = structuredClone(object) as Record<string, unknown>;
  for (const path of paths) expandPath(store, copy, path.split('.'), path);
  return copy as T;
}

/** A list with `data.…` paths expanded in every item. */
export function expandList<T extends object>(
  store: ObjectStore,
  list: ListEnvelope<T>,
  paths: string[],
): ListEnvelope<T> {
  const itemPaths = paths.map((path) => {
    if (!path.startsWith('data.')) throw cannotExpand(path);
    return path.slice('data.'.length);
  });
  return { ...list, data: list.data.map((item) => expandObject(store, item, itemPaths)) };
}

function expandPath(
  store: ObjectStore,
  target: Record<string, unknown>,
  segments: string[],
  path: string,
): void {
  const [field, ...rest] = segments;
  if (segments.length > MAX_DEPTH) throw cannotExpand(path);
  const kind = field === undefined ? undefined : EXPANDABLE[String(target.object)]?.[field];
  if (field === undefined || kind === undefined) throw cannotExpand(path);

  let value = target[field];
  if (typeof value === 'string') {
    value = store.find(kind, value) ?? value;
    target[field] = value;
  }
  if (rest.length > 0 && isRecord(value)) expandPath(store, value, rest, path);
}

function cannotExpand(path: string): Error {
  return invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
}
