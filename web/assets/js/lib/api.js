/**
 * The pages' one way to the store's JSON API: same-origin `fetch` that sends the session cookie,
 * echoes the CSRF cookie in `X-CSRF-Token` on state-changing requests, and turns problem details
 * into an `ApiError` whose message a customer can read. Tokens are never kept in storage: the
 * session lives in its HttpOnly cookie only.
 */
import { problemMessage } from './problems.js';

const CSRF_COOKIE = 'webstore_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** A refused or failed API call. `status` 0 means the store could not be reached. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code the problem's stable `code`, or `network`
   * @param {string} message for people
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * @template T
 * @param {string} method
 * @param {string} path
 * @param {{ body?: unknown, idempotencyKey?: string }} [options]
 * @returns {Promise<T>}
 */
export async function api(method, path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json, application/problem+json' };
  const csrf = readCookie(CSRF_COOKIE);
  if (!SAFE_METHODS.has(method) && csrf !== null) headers['x-csrf-token'] = csrf;
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  // A POST without a body sends no Content-Type: the store refuses an empty JSON body.
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';

  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(
      0,
      'network',
      'The store could not be reached. Check your connection and try again.',
    );
  }
  if (response.status === 204) return /** @type {T} */ (null);
  /** @type {unknown} */
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const { code, message } = problemMessage(response.status, payload, response.headers);
    throw new ApiError(response.status, code, message);
  }
  return /** @type {T} */ (payload);
}

/** The message to show for anything thrown by `api` (or by the page code around it). */
export function messageOf(/** @type {unknown} */ error) {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong on this page. Reload it and try again.';
}

/** True when there is a session cookie pair to try; the HttpOnly token itself is invisible. */
export function hasSessionCookie() {
  return readCookie(CSRF_COOKIE) !== null;
}

/** @param {string} name */
function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}
