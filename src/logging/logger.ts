/**
 * The structured logger (pino, JSON lines), with its redaction and serializers configured once,
 * here, for the server, the CLI and the background jobs alike.
 *
 * Redaction is a safety net, not the plan: code logs fixed fields (`request_id`, `user_id`,
 * `order_id`, `event_id`, …) and never a body, header set, token or payload. The net catches
 * the well-known places a secret hides should a future line forget.
 */
import type { IncomingMessage } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'set-cookie',
  'stripe-signature',
  'password',
  'token',
  'client_secret',
  'secret',
  'secret_key',
  'webhook_secret',
  'api_key',
  'signature',
  'payload',
  'body',
  'card',
];

/** Paths pino blanks out wherever they appear one or two levels down. */
export const REDACTED_PATHS = [
  ...SECRET_FIELDS.map((field) => `["${field}"]`),
  ...SECRET_FIELDS.map((field) => `*["${field}"]`),
  'req.headers["authorization"]',
  'req.headers["cookie"]',
  'req.headers["stripe-signature"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
];

export interface LoggerOptions {
  level: string;
  /** Where lines go; standard output when absent. Tests pass a collecting stream. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { req: serializeRequest, res: serializeResponse, err: serializeError },
    },
    options.destination,
  );
}

/**
 * Masks the local part of an email for logs: `alice@example.com` → `a***@example.com`. Enough to
 * tell accounts apart when reading an incident, not enough to harvest addresses.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

interface LoggableRequest {
  method?: string;
  url?: string;
  ip?: string;
  raw?: IncomingMessage;
  socket?: { remoteAddress?: string };
}

/** Method and path only: query strings can carry tokens, so they stay out of the log. */
function serializeRequest(req: LoggableRequest): Record<string, unknown> {
  return {
    method: req.method,
    path: (req.url ?? '').split('?')[0],
    ip: req.ip ?? req.socket?.remoteAddress,
  };
}

function serializeResponse(res: { statusCode?: number }): Record<string, unknown> {
  return { status: res.statusCode };
}

/**
 * Type, message, code and stack only. pino's standard serializer copies every enumerable
 * property, and some errors carry what must not be logged (Stripe's signature verification
 * error holds the signature header and the whole payload).
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: err.message,
    ...(typeof code === 'string' ? { code } : {}),
    stack: err.stack,
  };
}

/** Whether a logger writes lines of `level`, so that a line nobody will read is not built. */
export function writesAt(log: { level: string }, level: 'debug' | 'info'): boolean {
  // `silent` has no number: nothing is written at all.
  const threshold = pino.levels.values[log.level] ?? Infinity;
  return threshold <= (pino.levels.values[level] ?? 0);
}
