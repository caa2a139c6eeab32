/**
 * The Idempotency-Key of one user action (placing an order, refunding). The same key is sent
 * again when the action is retried after an answer that leaves its outcome open (no answer,
 * a server error, "still running"), so the store runs it at most once; a final answer ends the
 * action and the next attempt is a new action with a new key.
 */
import { ApiError } from './api.js';

export class ActionKey {
  /** @type {string | null} */
  #key = null;

  /** The key of the action in progress, made on first use. */
  get() {
    this.#key ??= randomKey();
    return this.#key;
  }

  /** Records how the attempt ended: a final answer (or success) retires the key. */
  settle(/** @type {unknown} */ error = null) {
    if (!isOpenEnded(error)) this.#key = null;
  }
}

/** @param {unknown} error */
function isOpenEnded(error) {
  if (!(error instanceof ApiError)) return false;
  return (
    error.status === 0 || error.status >= 500 || error.code === 'idempotency_request_in_progress'
  );
}

/**
 * 128 random bits as hex. `crypto.getRandomValues` rather than `randomUUID`, which browsers
 * offer only on https and localhost pages.
 */
function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
