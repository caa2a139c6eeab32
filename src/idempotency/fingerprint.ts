/**
 * What makes two requests "the same" for an idempotency key: the route, its path parameters
 * and the body, compared after a canonical JSON encoding (object keys sorted), so that key order
 * or white space in the client's JSON does not make a retry look like a different request.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  // Keys of one object are unique, so no two compare equal. (Parsed JSON holds no undefined.)
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function requestFingerprint(parts: {
  route: string;
  params: unknown;
  body: unknown;
}): string {
  return sha256(canonicalJson([parts.route, parts.params ?? null, parts.body ?? null]));
}

/** The record's key: caller, method and route, and the client's key; the key itself is not kept. */
export function scopeHash(userId: string, route: string, key: string): string {
  return sha256(`${userId}\n${route}\n${key}`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
