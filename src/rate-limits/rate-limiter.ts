/**
 * Rate limits kept in the database, so every server process on the same database counts
 * against the same limits.
 *
 * Each bucket counts hits in fixed windows and estimates a sliding window from the current and
 * the previous one (the previous count weighted by how much of it still overlaps). That avoids
 * the double burst a plain fixed window allows at its edge, with one row per window.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { RateLimit } from '../config/config.js';
import type { Clock } from '../shared/clock.js';

export interface LimitState {
  limited: boolean;
  /** Whole seconds until a new attempt would be allowed; 0 when not limited. */
  retryAfterSeconds: number;
}

export class RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts one attempt and says whether it went over the limit. Counting first and deciding
   * after makes the limit exact under concurrency: of 20 simultaneous attempts against a limit
   * of 10, exactly 10 get through.
   */
  async consume(bucket: string, limit: RateLimit): Promise<LimitState> {
    const now = this.clock.now();
    const windowMs = limit.windowSeconds * 1000;
    const current = windowStart(now, windowMs);

    const counted = await this.db
      .insertInto('rate_limit_counters')
      .values({ bucket, window_start: current, hits: 1 })
      .onConflict((oc) =>
        oc
          .columns(['bucket', 'window_start'])
          .doUpdateSet({ hits: sql<number>`rate_limit_counters.hits + 1` }),
      )
      .returning('hits')
      .executeTakeFirstOrThrow();
    const previous = await this.db
      .selectFrom('rate_limit_counters')
      .select('hits')
      .where('bucket', '=', bucket)
      .where('window_start', '=', current - windowMs)
      .executeTakeFirst();

    // Over the limit means this attempt is one too many: the estimate before it was at the limit.
    return estimate(now, windowMs, counted.hits - 1, previous?.hits ?? 0, limit.limit);
  }

  /** Takes back an attempt that should not count, such as a login that succeeded. */
  async release(bucket: string, limit: RateLimit): Promise<void> {
    const windowMs = limit.windowSeconds * 1000;
    await this.db
      .updateTable('rate_limit_counters')
      .set({ hits: sql<number>`hits - 1` })
      .where('bucket', '=', bucket)
      .where('window_start', '=', windowStart(this.clock.now(), windowMs))
      .where('hits', '>', 0)
      .execute();
  }

  /** Forgets a bucket, as after a successful login. */
  async reset(bucket: string): Promise<void> {
    await this.db.deleteFrom('rate_limit_counters').where('bucket', '=', bucket).execute();
  }

  /** Deletes windows too old to count; run by the maintenance job. */
  async prune(longestWindowSeconds: number): Promise<number> {
    const cutoff = this.clock.now() - 2 * longestWindowSeconds * 1000;
    const result = await this.db
      .deleteFrom('rate_limit_counters')
      .where('window_start', '<', cutoff)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function windowStart(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/**
 * Sliding-window estimate and, when limited, how long until it falls below the limit if no
 * further hits come: within this window only the previous window's share decays; a window that
 * alone reached the limit decays through the next one.
 */
export function estimate(
  now: number,
  windowMs: number,
  currentHits: number,
  previousHits: number,
  limit: number,
): LimitState {
  const elapsed = (now - windowStart(now, windowMs)) / windowMs;
  const weighted = previousHits * (1 - elapsed) + currentHits;
  if (weighted < limit) return { limited: false, retryAfterSeconds: 0 };

  const waitMs =
    currentHits < limit
      ? windowMs * (1 - elapsed - (limit - currentHits) / previousHits)
      : windowMs * (1 - elapsed) + windowMs * (1 - limit / currentHits);
  return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((waitMs + 1) / 1000)) };
}
