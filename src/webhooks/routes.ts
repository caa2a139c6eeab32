/**
 * `POST /webhooks/stripe`. The route reads the body as raw bytes (no JSON parser touches it
 * before the signature is checked: re-serialised JSON would not match the signature), for any
 * content type, up to 1 MiB.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { eventContext } from '../access/access-control.js';
import type { AppContext } from '../app-context.js';
import { AppError } from '../http/errors.js';
import { writesAt } from '../logging/logger.js';
import { problems } from '../http/schemas.js';
import { receiveDelivery } from './receive.js';

export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

export async function webhookRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    scope.post(
      '/webhooks/stripe',
      {
        bodyLimit: WEBHOOK_BODY_LIMIT_BYTES,
        config: { access: 'public' },
        schema: {
          tags: ['webhooks'],
          summary: 'Stripe events, signed with Stripe-Signature',
          response: { 200: Type.Object({ received: Type.Boolean() }), ...problems(400, 413, 503) },
        },
      },
      async (request) => {
        const started = Date.now();
        const received = await receiveDelivery(ctx, ctx.webhooks.inbox, {
          rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          signatureHeaders: signatureHeaders(request),
          context: eventContext(request),
        }).catch((error: unknown) => {
          const code = error instanceof AppError ? error.code : 'internal_error';
          request.log.warn(
            { outcome: 'rejected', code, duration_ms: Date.now() - started },
            'webhook delivery',
          );
          throw error;
        });
        ctx.crashPoints.reach('webhook.after_event_recorded');
        if (received.outcome === 'recorded') ctx.webhooks.processor.kick();
        if (writesAt(request.log, 'info')) {
          request.log.info(
            {
              event_id: received.eventId,
              type: received.type,
              outcome: received.outcome,
              duration_ms: Date.now() - started,
            },
            'webhook delivery',
          );
        }
        return { received: true };
      },
    );
  });
}

/** Every Stripe-Signature header as sent: Node would join duplicates into one string. */
function signatureHeaders(request: FastifyRequest): string[] {
  const raw = request.raw.rawHeaders;
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === 'stripe-signature') values.push(raw[i + 1] ?? '');
  }
  return values;
}
