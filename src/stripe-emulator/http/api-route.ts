/**
 * One Stripe API endpoint: parse its parameters (a failure here saves nothing under the
 * idempotency key, as at Stripe), then execute it in one transaction whose outcome, success or
 * Stripe error, is the response and is saved under the key. A hang fault holds the response after
 * the work is done.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../core/context.js';
import { StripeApiError } from '../core/errors.js';
import { ParamReader, isRecord, type RawParams } from '../core/params.js';
import type { ApiFaults } from '../faults/api-faults.js';
import type { Db } from '../store/database.js';
import { apiKeyOf } from './api-plugin.js';
import { isSavedResponse, type IdempotencyKeys, type KeyClaim } from './idempotency.js';

export interface ApiRoute<I> {
  method: 'GET' | 'POST';
  url: string;
  /** Reads the parameters; path parameters (`:id`) come separately. */
  parse(params: ParamReader, path: Record<string, string>): I;
  /** Checks the parameters together, once no unknown one is left (a limit, a conflict). */
  check?(input: I): void;
  /** Does the work and returns the response body; a `StripeApiError` is the response instead. */
  execute(input: I, context: RequestContext): unknown;
}

export interface ApiRouteDeps {
  db: Db;
  idempotency: IdempotencyKeys;
  apiFaults: ApiFaults;
}

interface Response {
  status: number;
  body: string;
}

/** An endpoint ready to be added to a server; lets routes of different inputs share a list. */
export type RouteInstaller = (app: FastifyInstance, deps: ApiRouteDeps) => void;

/** Wraps a route definition for `installRoutes`. */
export function apiRoute<I>(route: ApiRoute<I>): RouteInstaller {
  return (app, deps) => addApiRoute(app, deps, route);
}

export function installRoutes(app: FastifyInstance, deps: ApiRouteDeps, routes: RouteInstaller[]) {
  for (const install of routes) install(app, deps);
}

const UNKNOWN_ERROR = JSON.stringify({
  error: { type: 'api_error', message: 'An unknown error occurred.' },
});

export function addApiRoute<I>(app: FastifyInstance, deps: ApiRouteDeps, route: ApiRoute<I>): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request, reply) => {
      const holdMs = deps.apiFaults.takeHang();
      const { response, claim } = respond(deps, route, request, reply);
      try {
        // The key stays claimed while the response is held: a retry meanwhile gets the 409.
        if (holdMs !== null) await hold(deps.apiFaults, reply, holdMs);
        return send(reply, response);
      } finally {
        claim?.release();
      }
    },
  });
}

/** The saved response for a repeated idempotency key, or the response of running the route. */
function respond<I>(
  deps: ApiRouteDeps,
  route: ApiRoute<I>,
  request: FastifyRequest,
  reply: FastifyReply,
): { response: Response; claim: KeyClaim | null } {
  const key = route.method === 'POST' ? headerValue(request, 'idempotency-key') : undefined;
  const context: RequestContext = { requestId: request.id, idempotencyKey: key ?? null };
  const params = paramsOf(request);
  if (key === undefined)
    return { response: run(deps.db, route, params, request, context, null), claim: null };

  reply.header('Idempotency-Key', key);
  const begun = deps.idempotency.begin({
    apiKey: apiKeyOf(request),
    key,
    method: route.method,
    path: request.url.split('?')[0] ?? request.url,
    params,
  });
  if (isSavedResponse(begun)) {
    reply.header('Idempotent-Replayed', 'true').header('Original-Request', begun.requestId);
    return { response: begun, claim: null };
  }
  try {
    return { response: run(deps.db, route, params, request, context, begun), claim: begun };
  } catch (error) {
    begun.release();
    throw error;
  }
}

/** Holds the response, unless the client has already gone. */
function hold(faults: ApiFaults, reply: FastifyReply, ms: number): Promise<void> {
  if (reply.raw.destroyed || reply.raw.socket?.destroyed === true) return Promise.resolve();
  return faults.hold(ms, (done) => reply.raw.once('close', done));
}

function run<I>(
  db: Db,
  route: ApiRoute<I>,
  params: RawParams,
  request: FastifyRequest,
  context: RequestContext,
  claim: KeyClaim | null,
): Response {
  const path = request.params as Record<string, string>;
  const input = ParamReader.read(params, (reader) => route.parse(reader, path));
  route.check?.(input);
  const requestId = request.id;
  try {
    return db.transaction(() => {
      const response = execute(route, input, context);
      claim?.save({ ...response, requestId });
      return response;
    })();
  } catch (error) {
    // Stripe saves 500s under the key too: a retry sees the same failure, never a second run.
    claim?.save({ status: 500, body: UNKNOWN_ERROR, requestId });
    throw error;
  }
}

function execute<I>(route: ApiRoute<I>, input: I, context: RequestContext): Response {
  try {
    return { status: 200, body: JSON.stringify(route.execute(input, context)) };
  } catch (error) {
    // A Stripe error here is the endpoint's answer (a decline, a wrong state): what was done
    // before it, such as recording the failed charge, is kept.
    if (error instanceof StripeApiError) {
      return { status: error.status, body: JSON.stringify(error.toResponse()) };
    }
    throw error;
  }
}

function send(reply: FastifyReply, response: Response): FastifyReply {
  return reply
    .code(response.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(response.body);
}

/** Query parameters, and for a POST the form body on top of them. */
function paramsOf(request: FastifyRequest): RawParams {
  const query = isRecord(request.query) ? request.query : {};
  const body = isRecord(request.body) ? request.body : {};
  return { ...query, ...body };
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
