/**
 * Receiving one delivery: verify the signature over the raw bytes, read the event, check its
 * mode, record it durably, and say which status tells Stripe the truth: 200 once recorded (or
 * known already), 400 for what no retry can fix, 503 when the inbox cannot be written so that
 * Stripe tries again.
 */
import type { AppContext } from '../app-context.js';
import { AppError } from '../http/errors.js';
import type { EventContext } from '../security-events/security-events.js';
import { parseInboundEvent } from './inbound-event.js';
import type { RecordOutcome, WebhookInbox } from './inbox.js';
import { checkStripeSignature } from './signature.js';

export interface Delivery {
  rawBody: Buffer;
  signatureHeaders: string[];
  context: EventContext;
}

export interface Received {
  eventId: string;
  type: string;
  outcome: RecordOutcome;
}

export async function receiveDelivery(
  ctx: AppContext,
  inbox: WebhookInbox,
  delivery: Delivery,
): Promise<Received> {
  const check = checkStripeSignature({
    rawBody: delivery.rawBody,
    headerValues: delivery.signatureHeaders,
    secrets: ctx.config.stripe.webhookSecrets,
    toleranceSeconds: ctx.config.webhookToleranceSeconds,
    nowSeconds: Math.floor(ctx.clock.now() / 1000),
  });
  if (!check.ok && check.code === 'signature_invalid') {
    await ctx.securityEvents.record('webhook_signature_invalid', delivery.context, {
      reason: check.reason,
    });
    throw new AppError('signature_invalid');
  }
  if (!check.ok) {
    await ctx.securityEvents.record('webhook_timestamp_expired', delivery.context, {
      skew_seconds: check.skewSeconds,
    });
    throw new AppError('signature_expired');
  }

  const event = parseInboundEvent(delivery.rawBody);
  if (event === null) throw new AppError('payload_invalid');
  if (event.livemode !== (ctx.config.stripe.mode === 'live')) {
    await ctx.securityEvents.record('webhook_livemode_mismatch', delivery.context, {
      event_id: event.id,
      livemode: event.livemode,
    });
    throw new AppError('payload_invalid', {
      detail: 'the event is not of this store’s mode (test/live)',
    });
  }

  let outcome: RecordOutcome;
  try {
    outcome = await inbox.record(event, 'webhook');
  } catch (err) {
    ctx.logger.error({ err, event_id: event.id }, 'webhook event could not be recorded');
    throw new AppError('service_unavailable', { detail: 'the event could not be recorded; retry' });
  }
  if (outcome === 'duplicate') {
    await ctx.securityEvents.record('webhook_replayed', delivery.context, {
      event_id: event.id,
      type: event.type,
    });
  }
  return { eventId: event.id, type: event.type, outcome };
}
