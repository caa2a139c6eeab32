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

const UNKNOWN_ERROR = JSON.stringify({
  error: { type: 'api_error', message: 'An unknown error occurred.' },
});

export function addApiRoute<I>(app: FastifyInstance, deps: ApiRouteDeps, route: ApiRoute<I>): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request, reply) => {
      const key = route.method === 'POST' ? headerValue(request, 'idempotency-key') : undefined;
      const context: RequestContext = { requestId: request.id, idempotencyKey: key ?? null };
      const params = paramsOf(request);
      const holdMs = deps.apiFaults.takeHang();

      let claim: KeyClaim | null = null;
      if (key !== undefined) {
        reply.header('Idempotency-Key', key);
        const path = request.url.split('?')[0] ?? request.url;
        const begun = deps.idempotency.begin({
          apiKey: apiKeyOf(request),
          key,
          method: route.method,
          path,
          params,
        });
        if (isSavedResponse(begun)) {
          reply.header('Idempotent-Replayed', 'true').header('Original-Request', begun.requestId);
          return send(reply, begun);
        }
        claim = begun;
      }
      try {
        const response = run(deps.db, route, params, request, context, claim);
        if (holdMs !== null)
          await deps.apiFaults.hold(holdMs, (done) => reply.raw.once('close', done));
        return send(reply, response);
      } finally {
        claim?.release();
      }
    },
  });
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
