/**
 * What every response gets, whatever the route: a request id, security headers, a cache policy
 * and one structured log line; and what every request body must be: JSON, or nothing.
 */
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { writesAt } from '../logging/logger.js';
import { randomBase62 } from '../shared/ids.js';
import { helmetHeaders } from './security-headers.js';

export interface HygieneOptions {
  /** HSTS only makes sense, and is only sent, when the store is served over https. */
  https: boolean;
}

/**
 * The Content-Security-Policy of every response. Exported so that a route which must load a
 * third party (the Stripe.js checkout page) can extend it through helmet's `helmet` route option
 * rather than restate it.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/** Request ids are made here, never taken from the client, so logs and events can trust them. */
export function newRequestId(): string {
  return `req_${randomBase62(16)}`;
}

/** Helmet's options for every route that does not bring its own. */
export function securityHeaderPolicy(options: HygieneOptions): FastifyHelmetOptions {
  return {
    hsts: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
  };
}

export async function installHygiene(app: FastifyInstance, options: HygieneOptions): Promise<void> {
  const policy = securityHeaderPolicy(options);
  // Not global: @fastify/helmet then serves only the routes with a `helmet` option of their
  // own (merged over this policy), and every other route gets the same headers, computed once.
  await app.register(helmet, { global: false, ...policy });
  const headers = helmetHeaders(policy);
  app.addHook('onRequest', (request, reply, done) => {
    // @fastify/helmet moves a route's `helmet` option into its config, where it does the rest.
    if (!('helmet' in request.routeOptions.config)) {
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
    }
    done();
  });

  // Only JSON bodies are read. Fastify also parses text/plain by default; a JSON API has no use
  // for it, and refusing it with 415 keeps "simple" cross-site form posts out.
  app.removeContentTypeParser('text/plain');

  // Callback hooks, not async ones: they run on every request, and a promise each costs time
  // the profile shows.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (!reply.hasHeader('cache-control')) {
      // Anything that depends on who asks, or hands out a token, must never sit in a cache;
      // only public reads (the catalogue, health) may, and they are revalidated every time.
      const isPublicRead =
        request.method === 'GET' && request.routeOptions.config?.access === 'public';
      reply.header('cache-control', isPublicRead ? 'no-cache' : 'no-store');
    }
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    if (writesAt(request.log, 'info')) logRequest(request, reply);
    done();
  });
}

/** The one line a request leaves at info level. */
function logRequest(request: FastifyRequest, reply: FastifyReply): void {
  request.log.info(
    {
      method: request.method,
      path: request.url.split('?')[0],
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime),
      user_id: request.actor?.userId ?? null,
    },
    'request completed',
  );
}
