/**
 * Random, typed identifiers such as `ord_4fJ2kQ…`.
 *
 * The prefix tells a reader (and a log search) what kind of object an id names; the rest is
 * 128 bits from the operating system's CSPRNG, so ids can be neither guessed nor enumerated.
 */
import { randomBytes } from 'node:crypto';

export const ID_PREFIXES = {
  user: 'usr',
  session: 'ses',
  product: 'prod',
  order: 'ord',
  refund: 'ref',
  securityEvent: 'sev',
  idempotencyKey: 'idk',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_CHARS = 22; // 62^22 > 2^128

/** A new random id of the given kind. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomBase62(RANDOM_CHARS)}`;
}

/** True when `value` has the shape of an id of `kind`; says nothing about whether it exists. */
export function isId(kind: IdKind, value: string): boolean {
  return idPattern(kind).test(value);
}

/** The JSON Schema pattern of an id of `kind`, for route parameters. */
export function idPatternSource(kind: IdKind): string {
  return `^${ID_PREFIXES[kind]}_[0-9A-Za-z]{${RANDOM_CHARS}}$`;
}

function idPattern(kind: IdKind): RegExp {
  return new RegExp(idPatternSource(kind));
}

/** Uniform base62 characters by rejection sampling, so no character is likelier than another. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}
