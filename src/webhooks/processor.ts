/**
 * Applies recorded events, apart from the request that received them: claims due events with a
 * lease (so two processes never work on one event at once), applies each one's effect, and
 * marks it processed, or schedules a retry, or sets it aside as a dead letter.
 *
 * Events are claimed, and marked processed, a batch at a time: on a busy store one statement
 * (one disk sync) per batch instead of two per event, which would otherwise cost more than
 * receiving the events did. Effects are idempotent (conditional updates against Stripe's
 * current state), so an event applied again after a crash before its batch was marked changes
 * nothing the second time.
 */
import type { Logger } from '../logging/logger.js';
import { applyEventEffect, type EffectContext } from './event-effects.js';
import type { WebhookEventRow, WebhookInbox } from './inbox.js';

/** Longer than any effect takes; an event whose worker died is picked up again after it. */
const LEASE_MS = 60_000;
/** Events still unapplied this close to the lease's end are handed back, not started. */
const LEASE_MARGIN_MS = 15_000;
/**
 * Events claimed, and marked processed, by one statement each. On a busy store each of those
 * statements is a disk sync that the deliveries' own records queue behind on SQLite's one
 * connection; 500 rows keep that to two syncs per pass at thousands of events a second.
 */
const BATCH = 500;
/**
 * How long a kick waits before a pass starts. Under load a kick comes with every recorded
 * batch of deliveries; starting at once would claim a handful of events at a time, two
 * statements each, and cost more than receiving them did. Events are applied apart from the
 * request anyway, so a few tens of milliseconds more are not felt.
 */
const KICK_DELAY_MS = 50;

export class WebhookProcessor {
  private draining: Promise<number> | null = null;
  private kicked: NodeJS.Timeout | null = null;
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
    if (this.kicked !== null) return;
    this.kicked = setTimeout(() => {
      this.kicked = null;
      if (this.stopped) return;
      if (this.draining) this.again = true;
      else
        this.start().catch((err: unknown) =>
          this.logger.error({ err }, 'webhook processing stopped'),
        );
    }, KICK_DELAY_MS);
  }

  /** Applies every due event; resolves with how many were applied. */
  async drain(): Promise<number> {
    if (this.draining) await this.draining.catch(() => 0);
    return this.stopped ? 0 : this.start();
  }

  /** Lets the pass under way finish and starts no other; for shutdown. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.kicked !== null) clearTimeout(this.kicked);
    this.kicked = null;
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
    for (let pass = 0; pass === 0 || this.again; pass += 1) {
      // Kicks that came during the last pass are served together, a moment later.
      if (pass > 0) await new Promise((resolve) => setTimeout(resolve, KICK_DELAY_MS));
      this.again = false;
      if (this.stopped) break;
      while (!this.stopped) {
        const claimed = await this.inbox.claimDue(BATCH, LEASE_MS);
        if (claimed.length === 0) break;
        applied += await this.applyBatch(claimed, Date.now() + LEASE_MS - LEASE_MARGIN_MS);
        if (claimed.length < BATCH) break;
      }
    }
    return applied;
  }

  /** Applies claimed events in order; marks the applied ones processed in one statement. */
  private async applyBatch(claimed: WebhookEventRow[], startBefore: number): Promise<number> {
    const done: string[] = [];
    let index = 0;
    for (; index < claimed.length && Date.now() < startBefore && !this.stopped; index += 1) {
      const event = claimed[index] as WebhookEventRow;
      if (await this.applyOne(event)) done.push(event.event_id);
    }
    await this.inbox.markProcessed(done);
    await this.inbox.release(claimed.slice(index).map((event) => event.event_id));
    return done.length;
  }

  /** True when the effect was applied; a failure is scheduled for retry or dead-lettered. */
  private async applyOne(event: WebhookEventRow): Promise<boolean> {
    const started = Date.now();
    try {
      await applyEventEffect(this.effects, event);
      this.logger.info(
        {
          event_id: event.event_id,
          type: event.type,
          outcome: 'processed',
          duration_ms: Date.now() - started,
        },
        'webhook event applied',
      );
      return true;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
      const status = await this.inbox.markFailed(event, reason);
      this.logger.warn(
        {
          err: error,
          event_id: event.event_id,
          type: event.type,
          outcome: status === 'dead' ? 'dead_letter' : 'retry',
          attempts: event.attempts,
        },
        'webhook event failed',
      );
      return false;
    }
  }
}
