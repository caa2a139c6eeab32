/**
 * Problem details (RFC 9457) for every error the store answers with, from one place.
 *
 * Known errors (`AppError`) answer with their code's status and title. Fastify's own client
 * errors (bad JSON, body too large, wrong content type, schema violations) are mapped onto the
 * same codes. Anything else is a bug: the client gets a generic 500 with the request id, and
 * the detail goes only to the log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { eventContext } from '../access/access-control.js';
import type { SecurityEvents } from '../security-events/security-events.js';
import { PaymentProviderRefused, PaymentProviderUnavailable } from '../payments/payment-gateway.js';
import { AppError, PROBLEMS, type ErrorCode } from './errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  request_id: string;
}

export function problemType(code: ErrorCode): string {
  return `urn:webstore:problem:${code}`;
}

export function problemFor(error: AppError, requestId: string): ProblemDetails {
  return {
    type: problemType(error.code),
    title: PROBLEMS[error.code].title,
    status: error.status,
    code: error.code,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    request_id: requestId,
  };
}

/** Sends `error` as problem+json; the one way any error leaves the store. */
export function sendProblem(reply: FastifyReply, error: AppError): FastifyReply {
  return reply
    .code(error.status)
    .headers(error.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemFor(error, reply.request.id));
}

/** Codes that mean the input itself was refused; each leaves an `input_validation_fail` event. */
const INPUT_REFUSALS: ReadonlySet<ErrorCode> = new Set([
  'validation_failed',
  'idempotency_key_invalid',
  'payload_invalid',
  'payload_too_large',
  'unsupported_media_type',
]);

/** The error handler: problem details out, the detail of a 5xx only in the log. */
export function createErrorHandler(securityEvents: SecurityEvents) {
  return async function errorHandler(
    error: FastifyError | Error,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const known = toAppError(error);
    if (known === null) {
      request.log.error({ err: error }, 'unhandled error');
      return sendProblem(reply, new AppError('internal_error'));
    }

    if (known.status >= 500) request.log.error({ err: error }, 'request failed');
    if (INPUT_REFUSALS.has(known.code)) {
      await securityEvents.record('input_validation_fail', eventContext(request), {
        reason: known.code,
        method: request.method,
        route: request.routeOptions.url ?? null,
      });
    }
    return sendProblem(reply, known);
  };
}

/** Maps an error onto the store's codes, or null when it is not a known client error. */
export function toAppError(error: FastifyError | Error): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof PaymentProviderUnavailable)
    return new AppError('payment_provider_unavailable');
  if (error instanceof PaymentProviderRefused) {
    // Stripe's refusal messages describe the request (an amount below its minimum, say), never
    // a secret, so the detail is passed on.
    return new AppError('payment_rejected', { detail: error.message });
  }

  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return new AppError('validation_failed', { detail: fastifyError.message });
  }

  switch (fastifyError.statusCode) {
    case 400:
      return new AppError('validation_failed', { detail: clientSafeMessage(fastifyError) });
    case 401:
      return new AppError('unauthenticated');
    case 403:
      return new AppError('forbidden');
    case 404:
      return new AppError('not_found');
    case 405:
      return new AppError('method_not_allowed');
    case 413:
      return new AppError('payload_too_large');
    case 415:
      return new AppError('unsupported_media_type');
    case 429:
      return new AppError('rate_limited');
    default:
      return null;
  }
}

/**
 * Fastify's 400 messages for unreadable bodies are generic ("Body is not valid JSON but
 * content-type is set to 'application/json'"), never an echo of the input, so they are safe to
 * hand back; anything unexpected is replaced.
 */
function clientSafeMessage(error: FastifyError): string {
  return error.code?.startsWith('FST_') ? error.message : 'The request could not be read';
}
