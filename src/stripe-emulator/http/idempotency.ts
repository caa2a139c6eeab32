/**
 * Stripe's idempotent requests. A POST with an `Idempotency-Key` saves its status and body once
 * the endpoint starts executing (errors and 500s included); the same key with the same
 * parameters returns that saved response with `Idempotent-Replayed: true`; with other parameters
 * or another endpoint it is a 400 `idempotency_error`; while the first request still runs it is a
 * 409. Keys are scoped to the API key and kept 24 hours.
 * https://docs.stripe.com/api/idempotent_requests
 */
import { createHash } from 'node:crypto';
import { StripeApiError, invalidRequest } from '../core/errors.js';
import type { Db } from '../store/database.js';

const KEEP_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

export interface IdempotentRequest {
  apiKey: string;
  key: string;
  method: string;
  path: string;
  params: unknown;
}

/** The saved response of an earlier request with the key. */
export interface SavedResponse {
  status: number;
  body: string;
  requestId: string;
}

/** A request that runs under the key: `save` inside its transaction, `release` when answered. */
export interface KeyClaim {
  save(response: SavedResponse): void;
  release(): void;
}

interface Row {
  method: string;
  path: string;
  params_hash: string;
  status: number;
  body: string;
  request_id: string;
  created_at: number;
}

export class IdempotencyKeys {
  /** Keys whose first request is still running, by scope and key; in memory, like the request. */
  private readonly running = new Set<string>();

  constructor(private readonly db: Db) {}

  /** The saved response to replay, or a claim to run the request, or Stripe's error. */
  begin(request: IdempotentRequest): SavedResponse | KeyClaim {
    if (request.key.length > MAX_KEY_LENGTH || request.key === '') {
      throw invalidRequest(`Idempotency keys must be 1 to ${MAX_KEY_LENGTH} characters long.`, {
        param: 'Idempotency-Key',
      });
    }
    const scope = digest(request.apiKey);
    const runningKey = `${scope}:${request.key}`;
    if (this.running.has(runningKey)) throw keyInUse(request.key);

    const paramsHash = digest(canonicalJson(request.params));
    const saved = this.find(scope, request.key);
    if (saved !== null) return replayOrRefuse(saved, request, paramsHash);

    this.running.add(runningKey);
    return {
      save: (response) => this.save(scope, request, paramsHash, response),
      release: () => this.running.delete(runningKey),
    };
  }

  /** Forgets keys older than 24 hours. */
  prune(now: number): void {
    this.db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(now - KEEP_MS);
  }

  private find(scope: string, key: string): Row | null {
    const row = this.db
      .prepare('SELECT * FROM idempotency_keys WHERE scope = ? AND key = ? AND created_at >= ?')
      .get(scope, key, Date.now() - KEEP_MS) as Row | undefined;
    return row ?? null;
  }

  private save(
    scope: string,
    request: IdempotentRequest,
    paramsHash: string,
    response: SavedResponse,
  ) {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO idempotency_keys ' +
          '(scope, key, method, path, params_hash, status, body, request_id, created_at) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        scope,
        request.key,
        request.method,
        request.path,
        paramsHash,
        response.status,
        response.body,
        response.requestId,
        Date.now(),
      );
  }
}

export function isSavedResponse(value: SavedResponse | KeyClaim): value is SavedResponse {
  return 'body' in value;
}

function replayOrRefuse(saved: Row, request: IdempotentRequest, paramsHash: string): SavedResponse {
  if (saved.method !== request.method || saved.path !== request.path) {
    throw idempotencyError(
      `Keys for idempotent requests can only be used for the endpoint they were first used ` +
        `for (${saved.method} ${saved.path}); this request is ${request.method} ${request.path}.`,
    );
  }
  if (saved.params_hash !== paramsHash) {
    throw idempotencyError(
      `Keys for idempotent requests can only be used with the parameters they were first used ` +
        `with. Use another key than '${request.key}' for a different request.`,
    );
  }
  return { status: saved.status, body: saved.body, requestId: saved.request_id };
}

function idempotencyError(message: string): StripeApiError {
  return new StripeApiError(400, { type: 'idempotency_error', message });
}

function keyInUse(key: string): StripeApiError {
  return invalidRequest(
    `Another request with the idempotency key '${key}' is still in progress ` +
      '(most likely the same request sent twice). Try again later.',
    { code: 'idempotency_key_in_use', status: 409 },
  );
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** JSON with object keys sorted, so that parameter order does not make a request "different". */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
