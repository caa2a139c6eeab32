/**
 * Recovery of missed deliveries: lists recent events at Stripe (read with the secret key, so
 * authentic without a signature) and records those the inbox never received, to be applied
 * like any other. A lost delivery still completes its order.
 *
 * The scan starts where the last one did, minus an overlap for events Stripe stamps a little
 * before it lists them; the first scan looks back three days. Events are deduplicated by id,
 * so overlapping scans (or two processes) record each event once.
 */
import type { AppContext } from '../app-context.js';
import { isHandledType } from './handled-types.js';
import type { InboundEvent } from './inbound-event.js';

const CURSOR = 'webhook_recovery_since';
const FIRST_LOOK_BACK_SECONDS = 3 * 24 * 3600;
const OVERLAP_SECONDS = 10 * 60;

export async function recoverMissedEvents(ctx: AppContext): Promise<number> {
  const scanStartedAt = Math.floor(ctx.clock.now() / 1000);
  const since = (await readCursor(ctx)) ?? scanStartedAt - FIRST_LOOK_BACK_SECONDS;
  const live = ctx.config.stripe.mode === 'live';

  const candidates: InboundEvent[] = [];
  for await (const event of ctx.gateway.listEventsSince(since - OVERLAP_SECONDS)) {
    if (event.livemode !== live || !isHandledType(event.type)) continue;
    candidates.push({
      id: event.id,
      type: event.type,
      created: event.created,
      livemode: event.livemode,
      objectId: event.objectId,
      paymentIntentId: event.paymentIntentId,
    });
  }

  const known = await ctx.webhooks.inbox.known(candidates.map((event) => event.id));
  let recovered = 0;
  for (const event of candidates.filter((e) => !known.has(e.id))) {
    if ((await ctx.webhooks.inbox.record(event, 'recovery')) === 'recorded') recovered += 1;
  }
  if (recovered > 0) {
    ctx.logger.warn({ recovered }, 'recorded events whose webhook deliveries never arrived');
    ctx.webhooks.processor.kick();
  }
  await writeCursor(ctx, scanStartedAt);
  return recovered;
}

async function readCursor(ctx: AppContext): Promise<number | null> {
  const row = await ctx.database.db
    .selectFrom('job_state')
    .select('value')
    .where('name', '=', CURSOR)
    .executeTakeFirst();
  return row ? Number(row.value) : null;
}

async function writeCursor(ctx: AppContext, since: number): Promise<void> {
  await ctx.database.db
    .insertInto('job_state')
    .values({ name: CURSOR, value: String(since) })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: String(since) }))
    .execute();
}
