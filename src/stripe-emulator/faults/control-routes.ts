/**
 * The control routes under `/_emulator/`, for tests and tools outside the emulator's process:
 * the fault controls, the delivery log, waiting for deliveries and setting the webhook URL.
 * Form-encoded like the Stripe API, and behind the same API key rule.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalidRequest } from '../core/errors.js';
import { ParamReader, isRecord } from '../core/params.js';
import { isWebhookUrl } from '../options.js';
import type { DeliveryAttempt } from '../events/delivery-queue.js';
import type { StripeEmulatorFaults } from './controls.js';

export interface ControlTarget {
  faults: StripeEmulatorFaults;
  deliveryAttempts(): DeliveryAttempt[];
  waitForDeliveries(timeoutMs?: number): Promise<void>;
  setWebhookUrl(url: string | null): void;
}

type Handler = (params: ParamReader) => unknown;
type Post = (path: string, handler: Handler) => void;

export function controlRoutes(app: FastifyInstance, target: ControlTarget): void {
  const post: Post = (path, handler) => {
    app.post(`/_emulator${path}`, (request, reply) => answer(request, reply, handler));
  };
  faultRoutes(post, target.faults);
  toolRoutes(post, target);
  app.get('/_emulator/delivery_attempts', async () => ({
    object: 'list',
    data: target.deliveryAttempts().map((attempt) => ({
      event_id: attempt.eventId,
      type: attempt.type,
      status: attempt.status,
      ok: attempt.ok,
      at: attempt.at,
    })),
  }));
}

function faultRoutes(post: Post, faults: StripeEmulatorFaults): void {
  const count = (params: ParamReader) => params.integer('count', { required: true, min: 0 }) ?? 0;
  post('/faults/deliveries/duplicate', (p) => faults.duplicateNextDeliveries(count(p)));
  post('/faults/deliveries/delay', (p) =>
    faults.delayNextDeliveries(count(p), p.integer('delay_ms', { required: true, min: 0 }) ?? 0),
  );
  post('/faults/deliveries/reorder', (p) => faults.reorderNextDeliveries(count(p)));
  post('/faults/deliveries/drop', (p) => faults.dropNextDeliveries(count(p)));
  post('/faults/deliveries/release_held', () => faults.releaseHeldDeliveries());
  post('/faults/api/fail', (p) => faults.failNextApiCalls(count(p)));
  post('/faults/api/hang', (p) =>
    faults.hangNextApiCalls(count(p), p.integer('hold_ms', { min: 0 })),
  );
  post('/faults/reset', () => faults.reset());
  post('/async_payments/settle', (p) => ({
    settled: faults.settleAsyncPayments(
      p.enumeration('outcome', ['success', 'failure'] as const, { required: true }) ?? 'success',
      p.string('payment_intent'),
    ),
  }));
}

function toolRoutes(post: Post, target: ControlTarget): void {
  post('/webhook_url', (p) => {
    const raw = p.freeForm('url');
    const url = typeof raw === 'string' && raw !== '' ? raw : null;
    if (url !== null && !isWebhookUrl(url)) {
      throw invalidRequest('url must be an absolute http or https URL, or empty', { param: 'url' });
    }
    target.setWebhookUrl(url);
  });
  post('/deliveries/wait', (p) =>
    target.waitForDeliveries(p.integer('timeout_ms', { min: 1 })).catch((error: unknown) => {
      throw invalidRequest(error instanceof Error ? error.message : 'wait failed', { status: 408 });
    }),
  );
}

async function answer(request: FastifyRequest, reply: FastifyReply, handler: Handler) {
  const body = isRecord(request.body) ? request.body : {};
  const result: unknown = await ParamReader.read(body, handler);
  return reply.send(result ?? { ok: true });
}
