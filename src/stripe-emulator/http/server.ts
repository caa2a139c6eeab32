/**
 * The emulator's HTTP server: Fastify with Stripe's wire habits. Form-encoded bodies and
 * bracketed query strings, a `Request-Id` on every response, errors in Stripe's shape (JSON
 * bodies are refused as Stripe refuses them), one log line per request without its query string.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from '../../logging/logger.js';
import { StripeApiError, apiError, invalidRequest } from '../core/errors.js';
import { requestId } from '../core/ids.js';
import { parseForm } from './form.js';

const BODY_LIMIT = 1024 * 1024;

export function createServer(logger: Logger): FastifyInstance {
  const app = Fastify({
    logger: false,
    genReqId: () => requestId(),
    routerOptions: { querystringParser: (text) => parseForm(text) },
    bodyLimit: BODY_LIMIT,
    // Clients keep connections alive (the SDK does); closing must not wait for them.
    forceCloseConnections: true,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, parseForm(String(body))),
  );

  logRequests(app, logger);
  answerErrorsAsStripe(app, logger);
  return app;
}

/** A `Request-Id` on every response; one log line per request, its route pattern, no query. */
function logRequests(app: FastifyInstance, logger: Logger): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('Request-Id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    logger.info(
      {
        request_id: request.id,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime),
      },
      'stripe emulator request',
    );
  });
}

function answerErrorsAsStripe(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error, request, reply) => {
    const stripeError = toStripeError(error);
    if (stripeError.status >= 500 && !(error instanceof StripeApiError)) {
      logger.error({ err: error, request_id: request.id }, 'stripe emulator request failed');
    }
    return reply.code(stripeError.status).send(stripeError.toResponse());
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const error = invalidRequest(`Unrecognized request URL (${request.method}: ${path}).`, {
      status: 404,
    });
    return reply.code(404).send(error.toResponse());
  });
}

/** Fastify's own 4xx (bad media type, body too large, bad JSON) in Stripe's shape. */
function toStripeError(error: unknown): StripeApiError {
  if (error instanceof StripeApiError) return error;
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message =
      status === 415
        ? 'Invalid request: the Stripe API takes application/x-www-form-urlencoded bodies.'
        : `Invalid request: ${(error as Error).message}`;
    return invalidRequest(message, { status });
  }
  return apiError('An unknown error occurred.');
}
