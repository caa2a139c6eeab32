/** JSON Schemas shared by many routes: problem details, money, timestamps, ids. */
import { Type } from 'typebox';
import { ID_PREFIXES, type IdKind } from '../shared/ids.js';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    request_id: Type.String(),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details with a stable `code`' },
);

/** The problem answers a route may give, for the OpenAPI document. */
export function problems(...statuses: number[]): Record<number, typeof Problem> {
  return Object.fromEntries(statuses.map((status) => [status, Problem]));
}

export const Currency = Type.String({ pattern: '^[a-z]{3}$', description: 'ISO 4217, lower case' });

/** Money as answered: a cart's subtotal may exceed what one payment may be (checkout says so). */
export const Money = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, description: 'minor units' }),
    currency: Currency,
  },
  { additionalProperties: false },
);

export const Timestamp = Type.String({ format: 'date-time' });

/** The body of a POST that takes none: nothing, or `{}`; any field is refused. */
export const EmptyBody = Type.Object({}, { additionalProperties: false });

/**
 * A path parameter naming an object of `kind`. Any string up to 64 characters passes: an id of
 * the wrong shape or kind names no object, so it answers 404 like an unknown one.
 */
export function idParams(name: string, kind: IdKind) {
  return Type.Object(
    { [name]: Type.String({ maxLength: 64, description: `a ${ID_PREFIXES[kind]}_… id` }) },
    { additionalProperties: false },
  );
}
