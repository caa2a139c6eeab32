/**
 * The store's one error model: an `AppError` carries a stable, machine-readable `code`, and the
 * code alone decides the HTTP status and title (see `PROBLEMS`). Services throw these; the
 * error handler turns them into RFC 9457 problem details.
 */

export const PROBLEMS = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  idempotency_key_invalid: {
    status: 400,
    title: 'The Idempotency-Key header is missing or malformed',
  },
  signature_invalid: { status: 400, title: 'The webhook signature is not valid' },
  signature_expired: { status: 400, title: 'The webhook timestamp is outside the tolerance' },
  payload_invalid: { status: 400, title: 'The webhook payload is not a Stripe event' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  invalid_credentials: { status: 401, title: 'The email or password is wrong' },
  forbidden: { status: 403, title: 'This role may not use this route' },
  csrf_failed: { status: 403, title: 'The CSRF check failed' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'This method is not allowed here' },
  email_taken: { status: 409, title: 'An account with this email exists' },
  insufficient_stock: { status: 409, title: 'Not enough stock' },
  invalid_transition: { status: 409, title: 'The order cannot make this change in its state' },
  idempotency_request_in_progress: {
    status: 409,
    title: 'A request with this Idempotency-Key is still running',
  },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The Content-Type is not supported' },
  cart_empty: { status: 422, title: 'The cart is empty' },
  currency_mismatch: { status: 422, title: 'One order takes one currency' },
  amount_too_large: { status: 422, title: 'The total is above what one payment may be' },
  refund_exceeds_captured: { status: 422, title: 'The refund is more than remains captured' },
  payment_rejected: { status: 422, title: 'The payment provider refused the payment' },
  idempotency_key_reused: {
    status: 422,
    title: 'This Idempotency-Key was used with a different request',
  },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal server error' },
  payment_provider_unavailable: { status: 502, title: 'The payment provider did not answer' },
  service_unavailable: { status: 503, title: 'The service is unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof PROBLEMS;

export interface AppErrorOptions {
  /** Safe for the client to read: no secret, SQL or another user's data. */
  detail?: string;
  /** Extra response headers, such as `Retry-After` or `Allow`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.detail ?? PROBLEMS[code].title, { cause: options.cause });
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.detail = options.detail;
    this.headers = options.headers ?? {};
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The value, or a 404 when there is none; for lookups scoped to what the caller may see. */
export function orNotFound<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new AppError('not_found');
  return value;
}
