/**
 * `Idempotency-Key` on client POSTs, after the IETF httpapi draft "The Idempotency-Key HTTP
 * Header Field" and Stripe's documented behaviour:
 *
 * - missing where required, or malformed → 400 `idempotency_key_invalid`;
 * - first use → the request runs and its final status and body are stored;
 * - same key, caller, route and body → the stored answer again, `Idempotent-Replayed: true`;
 * - same key, other body → 422 `idempotency_key_reused`;
 * - same key while the first request runs → 409 `idempotency_request_in_progress`.
 *
 * The lookup runs in `preHandler`, after authentication, authorisation and schema validation,
 * so a key is always scoped to a known caller and a request refused as invalid stores nothing.
 * A request that fails before any effect stores nothing either, so a corrected retry runs. A
 * request that dies half-way leaves its recovery point, and the next retry resumes from it.
 *
 * Every authenticated POST honours a key; `config.idempotency: 'required'` makes it mandatory.
 * Public POSTs (register, login, webhooks) take none: their answers hold session tokens, which
 * must never be stored.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Transaction } from 'kysely';
import { actorOf, eventContext } from '../access/access-control.js';
import type { DatabaseSchema } from '../db/schema.js';
import { AppError } from '../http/errors.js';
import { PROBLEM_CONTENT_TYPE } from '../http/problem.js';
import type { SecurityEvents } from '../security-events/security-events.js';
import { requestFingerprint, scopeHash } from './fingerprint.js';
import type { IdempotencyStore } from './idempotency-store.js';

export type IdempotencyMode = 'required' | 'optional' | 'off';

/**
 * What a handler sees of its key: where a dead earlier attempt stopped, and how to record
 * progress.
 */
export interface IdempotencyHandle {
  readonly recoveryPoint: string | null;
  readonly resourceId: string | null;
  /** Records progress in the handler's own transaction; `null` point clears it (effects undone). */
  checkpoint(
    trx: Transaction<DatabaseSchema>,
    recoveryPoint: string | null,
    resourceId: string | null,
  ): Promise<void>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotency?: IdempotencyMode;
  }
  interface FastifyRequest {
    idempotency: IdempotencyHandle | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

export function installIdempotency(
  app: FastifyInstance,
  store: IdempotencyStore,
  securityEvents: SecurityEvents,
): void {
  app.decorateRequest('idempotency', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.idempotency !== undefined) return;
    const isPost = route.method === 'POST';
    const isPublic = route.config?.access === 'public';
    route.config = { ...route.config, idempotency: isPost && !isPublic ? 'optional' : 'off' };
  });

  // Callback hooks with a synchronous way out, for the many requests that carry no key.
  app.addHook('preHandler', (request, reply, done) => {
    const mode = request.routeOptions.config.idempotency ?? 'off';
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (mode === 'off' || (key === undefined && mode === 'optional')) return done();
    if (typeof key !== 'string' || !VALID_KEY.test(key)) {
      return done(
        new AppError('idempotency_key_invalid', {
          detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters',
        }),
      );
    }
    claimKey(request, reply, key, store, securityEvents).then(() => done(), done);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const held = heldKeys.get(request);
    if (!held) return done(null, payload);
    heldKeys.delete(request);
    settle(store, held, reply.statusCode, payload).then(() => done(null, payload), done);
  });
}

interface HeldKey {
  scope: string;
  lockToken: string;
  handle: { resourceId: string | null };
}

const heldKeys = new WeakMap<FastifyRequest, HeldKey>();

async function claimKey(
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  store: IdempotencyStore,
  securityEvents: SecurityEvents,
): Promise<FastifyReply | undefined> {
  const route = `${request.method} ${request.routeOptions.url ?? ''}`;
  const scope = scopeHash(actorOf(request).userId, route, key);
  const fingerprint = requestFingerprint({ route, params: request.params, body: request.body });
  const claim = await store.claim({
    scopeHash: scope,
    userId: actorOf(request).userId,
    route,
    fingerprint,
  });

  switch (claim.kind) {
    case 'replay':
      reply.header('idempotent-replayed', 'true');
      if (claim.status >= 400) reply.type(PROBLEM_CONTENT_TYPE);
      else if (claim.body !== '') reply.type('application/json; charset=utf-8');
      return reply.code(claim.status).send(claim.body === '' ? undefined : claim.body);
    case 'mismatch':
      await securityEvents.record('idempotency_key_reused', eventContext(request), { route });
      throw new AppError('idempotency_key_reused');
    case 'in_progress':
      await securityEvents.record('idempotency_request_in_progress', eventContext(request), {
        route,
      });
      throw new AppError('idempotency_request_in_progress', { headers: { 'retry-after': '1' } });
    case 'owned':
      request.idempotency = ownedHandle(store, scope, claim, request);
      return undefined;
  }
}

function ownedHandle(
  store: IdempotencyStore,
  scope: string,
  claim: { lockToken: string; recoveryPoint: string | null; resourceId: string | null },
  request: FastifyRequest,
): IdempotencyHandle {
  const held: HeldKey = {
    scope,
    lockToken: claim.lockToken,
    handle: { resourceId: claim.resourceId },
  };
  heldKeys.set(request, held);
  return {
    recoveryPoint: claim.recoveryPoint,
    resourceId: claim.resourceId,
    async checkpoint(trx, recoveryPoint, resourceId) {
      await store.checkpoint(trx, scope, claim.lockToken, recoveryPoint, resourceId);
      held.handle.resourceId = resourceId;
    },
  };
}

/**
 * A success is stored. A failure with no effect recorded stores nothing. A server-side failure
 * after an effect leaves the record resumable at once; a client error after an effect is final.
 */
async function settle(store: IdempotencyStore, held: HeldKey, status: number, payload: unknown) {
  const hadEffect = held.handle.resourceId !== null;
  if (status < 400 || (status < 500 && hadEffect)) {
    const body = typeof payload === 'string' ? payload : '';
    await store.complete(held.scope, held.lockToken, status, body);
  } else if (!hadEffect) {
    await store.discard(held.scope, held.lockToken);
  } else {
    await store.release(held.scope, held.lockToken);
  }
}
