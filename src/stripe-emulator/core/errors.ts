/**
 * Errors as Stripe sends them: `{error: {type, code, message, param, doc_url}}` with Stripe's HTTP
 * status. Every failure inside the emulator that a client should see is a `StripeApiError`; the
 * HTTP layer turns it into the response in one place.
 * https://docs.stripe.com/api/errors
 */

export type StripeErrorType =
  'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

/** The body of `error` in a Stripe error response. */
export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
  decline_code?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
}

/** A failure the client sees exactly as Stripe would show it. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
    this.name = 'StripeApiError';
  }

  /** The JSON body of the response. */
  toResponse(): { error: StripeErrorBody } {
    return { error: this.body };
  }
}

interface InvalidRequestOptions {
  code?: string;
  param?: string;
  status?: number;
}

/** A 400 (or the given status) `invalid_request_error`, with a doc link when it has a code. */
export function invalidRequest(
  message: string,
  options: InvalidRequestOptions = {},
): StripeApiError {
  return new StripeApiError(options.status ?? 400, {
    type: 'invalid_request_error',
    message,
    ...codeFields(options.code),
    ...(options.param === undefined ? {} : { param: options.param }),
  });
}

export function parameterUnknown(param: string): StripeApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, {
    code: 'parameter_unknown',
    param,
  });
}

export function parameterMissing(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

/** Stripe's 404 for an id that names nothing, e.g. "No such payment_intent: 'pi_123'". */
export function resourceMissing(kind: string, id: string, param = 'id'): StripeApiError {
  return invalidRequest(`No such ${kind}: '${id}'`, {
    code: 'resource_missing',
    param,
    status: 404,
  });
}

/** A 500 `api_error`: Stripe's answer when something failed on its side. */
export function apiError(message: string): StripeApiError {
  return new StripeApiError(500, { type: 'api_error', message });
}

/** Stripe links each error code to its page; the page name is the code with hyphens. */
export function docUrl(code: string): string {
  return `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}`;
}

function codeFields(code: string | undefined): { code?: string; doc_url?: string } {
  return code === undefined ? {} : { code, doc_url: docUrl(code) };
}
