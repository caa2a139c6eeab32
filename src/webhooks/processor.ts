/**
 * Applies recorded events, apart from the request that received them: claims each due event
 * with a lease (so two processes never work on one event at once), applies its effect, and
 * marks it processed, or schedules a retry, or sets it aside as a dead letter.
 *
 * Effects are idempotent (conditional updates against Stripe's current state), so an event
 * applied again after a crash between effect and mark changes nothing the second time.
 */
import type { Logger } from '../logging/logger.js';
import { applyEventEffect, type EffectContext } from './event-effects.js';
import type { WebhookInbox } from './inbox.js';

/** Longer than any effect takes; an event whose worker died is picked up again after it. */
const LEASE_MS = 60_000;
const BATCH = 20;

export class WebhookProcessor {
  private draining: Promise<number> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly effects: EffectContext,
    private readonly inbox: WebhookInbox,
    private readonly logger: Logger,
  ) {}

  /** Asks for a drain soon; calls while one runs fold into one more pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.start().catch((err: unknown) => this.logger.error({ err }, 'webhook processing stopped'));
  }

  /** Applies every due event; resolves with how many were applied. */
  async drain(): Promise<number> {
    if (this.draining) await this.draining.catch(() => 0);
    return this.stopped ? 0 : this.start();
  }

  /** Lets the pass under way finish and starts no other; for shutdown. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.draining?.catch(() => 0);
  }

  private start(): Promise<number> {
    const run = this.drainLoop().finally(() => {
      if (this.draining === run) this.draining = null;
    });
    this.draining = run;
    return run;
  }

  private async drainLoop(): Promise<number> {
    let applied = 0;
    do {
      this.again = false;
      if (this.stopped) break;
      for (;;) {
        const due = await this.inbox.due(BATCH);
        if (due.length === 0) break;
        for (const eventId of due) if (await this.processOne(eventId)) applied += 1;
        if (due.length < BATCH) break;
      }
    } while (this.again);
    return applied;
  }

  private async processOne(eventId: string): Promise<boolean> {
    const event = await this.inbox.claim(eventId, LEASE_MS);
    if (event === null) return false;
    const started = Date.now();
    try {
      await applyEventEffect(this.effects, event);
      await this.inbox.markProcessed(event.event_id);
      this.logger.info(
        { event_id: event.event_id, type: event.type, outcome: 'processed', duration_ms: Date.now() - started },
        'webhook event applied',
      );
      return true;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
      const status = await this.inbox.markFailed(event, reason);
      this.logger.warn(
        { err: error, event_id: event.event_id, type: event.type, outcome: status === 'dead' ? 'dead_letter' : 'retry', attempts: event.attempts },
        'webhook event failed',
      );
      return false;
    }
  }
}
