/**
 * Sends queued events to the webhook URL, signed as Stripe signs them, at least once: a delivery
 * is retried with exponential backoff until the endpoint answers 2xx or the attempts run out.
 * Each delivery runs on its own, so one failing event never holds back another.
 * https://docs.stripe.com/webhooks#retries
 */
import type { Logger } from '../../logging/logger.js';
import { nowSeconds } from '../core/context.js';
import type { DeliveryQueue, DeliveryRow } from './delivery-queue.js';
import type { EventLog, StripeEvent } from './event-log.js';
import { IdleWaiters } from './idle-waiters.js';
import { signatureHeader } from './signing.js';

/** Retry timing; the defaults suit a person watching, tests pass milliseconds. */
export interface DeliverySettings {
  initialDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
}

export interface DispatcherDeps {
  queue: DeliveryQueue;
  events: EventLog;
  settings: DeliverySettings;
  logger: Logger;
  webhookUrl(): string | null;
  webhookSecret(): string;
}

export class DeliveryDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private readonly aborter = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private readonly idle = new IdleWaiters(() => this.outstanding());
  private closed = false;

  constructor(private readonly deps: DispatcherDeps) {}

  /** Picks up whatever a previous run left owed, then sends what is due. */
  start(): void {
    this.deps.queue.resumeAfterRestart(Date.now());
    this.wake(null);
  }

  /** Sends what is due now; a full reorder group goes out at once, last first. */
  wake(completedGroup: string | null): void {
    if (this.closed) return;
    if (completedGroup !== null) this.releaseHeld(completedGroup);
    this.sendDue();
  }

  /** Resolves once no delivery is pending, being sent, or held; rejects after `timeoutMs`. */
  waitForIdle(timeoutMs: number): Promise<void> {
    return this.idle.wait(timeoutMs);
  }

  /** Stops sending; attempts under way are aborted and stay owed for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.aborter.abort();
    await Promise.allSettled([...this.running]);
    this.idle.rejectAll(new Error('the Stripe emulator was closed'));
  }

  private outstanding(): number {
    return this.closed ? 0 : this.deps.queue.outstanding();
  }

  private sendDue(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    // Without a URL nothing can be sent; setting one wakes the dispatcher again.
    if (this.deps.webhookUrl() === null) return;

    for (const row of this.deps.queue.due(Date.now())) {
      this.deps.queue.claim(row.id);
      this.track(this.deliver(row));
    }
    const next = this.deps.queue.nextDueAt();
    if (next !== null) {
      this.timer = setTimeout(() => this.sendDue(), Math.max(0, next - Date.now()));
      this.timer.unref();
    }
  }

  /** Sends held deliveries now, last first: one reorder group, or every held one (`null`). */
  releaseHeld(group: string | null): void {
    if (!this.closed) this.track(this.sendGroupReversed(group));
  }

  private async sendGroupReversed(group: string | null): Promise<void> {
    const rows = this.deps.queue.held(group ?? undefined).reverse();
    for (const row of rows) this.deps.queue.claim(row.id);
    // One after another, so that the endpoint sees them in exactly the reverse order.
    for (const row of rows) await this.deliver(row);
  }

  private async deliver(row: DeliveryRow): Promise<void> {
    const url = this.deps.webhookUrl();
    if (url === null || this.closed) {
      if (!this.closed) this.deps.queue.retryAt(row.id, row.attempts, Date.now());
      return;
    }
    const event = this.deps.events.get(row.event_id);
    let ok = await this.attempt(url, event, row.attempts + 1);
    if (row.duplicate === 1) ok = (await this.attempt(url, event, row.attempts + 1)) || ok;
    if (this.closed) return;

    const attempts = row.attempts + 1;
    const { maxAttempts } = this.deps.settings;
    if (ok) this.deps.queue.settle(row.id, 'delivered', attempts);
    else if (attempts >= maxAttempts) this.deps.queue.settle(row.id, 'failed', attempts);
    else this.deps.queue.retryAt(row.id, attempts, Date.now() + this.backoff(attempts));
  }

  /** One POST of the event, recorded and logged; true when the endpoint answered 2xx. */
  private async attempt(url: string, event: StripeEvent, attempt: number): Promise<boolean> {
    const started = Date.now();
    const status = await this.post(url, JSON.stringify(event, null, 2));
    const ok = status !== null && status >= 200 && status < 300;
    if (this.closed) return ok;

    this.deps.queue.recordAttempt({
      eventId: event.id,
      type: event.type,
      status,
      ok,
      at: Date.now(),
    });
    this.deps.logger.info(
      {
        event_id: event.id,
        event_type: event.type,
        status,
        ok,
        attempt,
        duration_ms: Date.now() - started,
      },
      'stripe emulator webhook delivery attempt',
    );
    return ok;
  }

  /** The endpoint's status, or null when it could not be reached in time. */
  private async post(url: string, payload: string): Promise<number | null> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signatureHeader(payload, this.deps.webhookSecret(), nowSeconds()),
        },
        body: payload,
        // Stripe does not follow redirects: a 3xx is a failed delivery.
        redirect: 'manual',
        signal: AbortSignal.any([
          this.aborter.signal,
          AbortSignal.timeout(this.deps.settings.timeoutMs),
        ]),
      });
      await response.body?.cancel();
      return response.status;
    } catch {
      // Refused, reset or timed out: no status, like Stripe's "failed to connect".
      return null;
    }
  }

  private backoff(attempts: number): number {
    const { initialDelayMs, maxDelayMs } = this.deps.settings;
    return Math.min(initialDelayMs * 2 ** (attempts - 1), maxDelayMs);
  }

  private track(work: Promise<void>): void {
    const settled = work
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error }, 'stripe emulator webhook delivery failed');
      })
      .finally(() => {
        this.running.delete(settled);
        if (!this.closed) this.sendDue();
        this.idle.check();
      });
    this.running.add(settled);
  }
}
