/**
 * Who may call which route, declared on the route and enforced before the handler runs.
 *
 * Every route states `config.access`: `public`, `signed_in` or `admin`. A route that states
 * nothing fails the server at start-up, so a new route cannot forget its rule. The hook then
 * authenticates the caller (bearer token, or the session cookie with a CSRF check on
 * state-changing methods) and checks the role. Whose rows a caller may touch is the other half,
 * enforced where the data is read: see each store's `…VisibleTo`/`…OwnedBy` queries.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Actor, SessionStore } from '../accounts/sessions.js';
import { csrfTokenFor, safeEqual } from '../accounts/tokens.js';
import { AppError } from '../http/errors.js';
import type { SecurityEvents } from '../security-events/security-events.js';
import { CSRF_HEADER, SESSION_COOKIE } from './cookies.js';

export type Access = 'public' | 'signed_in' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; required on every route. */
    access?: Access;
  }
  interface FastifyRequest {
    /** The authenticated caller; null on public routes. */
    actor: Actor | null;
  }
}

export interface AccessControlOptions {
  sessions: SessionStore;
  securityEvents: SecurityEvents;
  /** The store's own origin; a cookie request from any other origin is refused. */
  publicUrl: string;
  /** Routes registered by plugins the store does not write (the docs page), all public. */
  publicPrefixes: string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAccessControl(app: FastifyInstance, options: AccessControlOptions): void {
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.access !== undefined) return;
    if (options.publicPrefixes.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    throw new Error(`route ${String(route.method)} ${route.url} does not declare config.access`);
  });

  // A callback hook with a synchronous way out: public routes (the catalogue, webhooks) are
  // the busiest, and an async hook would cost them a promise each for nothing.
  app.addHook('onRequest', (request, _reply, done) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return done();
    enforce(request, access, options).then(() => done(), done);
  });
}

/** Authenticates the caller and checks the route's role; throws 401, 403 or 403 csrf. */
async function enforce(
  request: FastifyRequest,
  access: Exclude<Access, 'public'>,
  options: AccessControlOptions,
): Promise<void> {
  await authenticate(request, options);
  if (access === 'admin' && actorOf(request).role !== 'admin') {
    await options.securityEvents.record('authz_fail', eventContext(request), {
      reason: 'role',
      route: request.routeOptions.url ?? null,
      method: request.method,
    });
    throw new AppError('forbidden');
  }
}

/** The caller of a route that is not public; the hook has already made sure there is one. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new AppError('unauthenticated');
  return request.actor;
}

/** The request facts every security event carries. */
export function eventContext(request: FastifyRequest): {
  actorId: string | null;
  ip: string;
  requestId: string;
} {
  return { actorId: request.actor?.userId ?? null, ip: request.ip, requestId: request.id };
}

/** Sets `request.actor` from a valid credential, or throws 401 (or 403 for a failed CSRF check). */
async function authenticate(request: FastifyRequest, options: AccessControlOptions): Promise<void> {
  const credential = readCredential(request);
  if (credential === null) throw new AppError('unauthenticated');

  const actor = await options.sessions.authenticate(credential.token);
  if (actor === null) {
    await options.securityEvents.record('authn_token_invalid', eventContext(request), {
      via: credential.via,
    });
    throw new AppError('unauthenticated');
  }

  request.actor = actor;

  if (credential.via === 'cookie' && !SAFE_METHODS.has(request.method)) {
    if (!passesCsrfCheck(request, credential.token, options.publicUrl)) {
      await options.securityEvents.record('csrf_fail', eventContext(request), {
        origin_matches:
          request.headers.origin === undefined || request.headers.origin === options.publicUrl,
      });
      throw new AppError('csrf_failed');
    }
  }
}

interface Credential {
  token: string;
  via: 'bearer' | 'cookie';
}

/**
 * The bearer header wins over the cookie: a browser never adds it cross-site on its own, so a
 * request that carries it needs no CSRF check. A malformed Authorization header is refused
 * outright rather than falling back to the cookie.
 */
function readCredential(request: FastifyRequest): Credential | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header);
    if (!match?.[1]) throw new AppError('unauthenticated');
    return { token: match[1], via: 'bearer' };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/**
 * Two checks, both required: the request comes from the store's own origin when the browser
 * says where it comes from, and it echoes the CSRF token that only the store's own pages can
 * read from the CSRF cookie.
 */
function passesCsrfCheck(request: FastifyRequest, token: string, publicUrl: string): boolean {
  const origin = request.headers.origin;
  const sent = request.headers[CSRF_HEADER];
  const fromOwnOrigin = origin === undefined || origin === publicUrl;
  return fromOwnOrigin && typeof sent === 'string' && safeEqual(sent, csrfTokenFor(token));
}
