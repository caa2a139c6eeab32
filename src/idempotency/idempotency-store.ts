/**
 * Idempotency records in the database, claimed and finished with conditional statements so
 * that concurrent requests (threads of one process or several processes) agree on one owner.
 */
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { DatabaseSchema } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';

export const RETENTION_MS = 24 * 3_600_000;

export interface ClaimRequest {
  scopeHash: string;
  userId: string;
  route: string;
  fingerprint: string;
}

export type Claim =
  | { kind: 'owned'; lockToken: string; recoveryPoint: string | null; resourceId: string | null }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

export class IdempotencyStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly leaseMs: number,
  ) {}

  /**
   * Takes the key for this request, or says why not. A running record whose lease has run out
   * belongs to a request that died: it is taken over, with the progress it had recorded.
   */
  async claim(request: ClaimRequest): Promise<Claim> {
    const now = this.clock.now();
    const lockToken = randomBytes(16).toString('base64url');
    const inserted = await this.db
      .insertInto('idempotency_keys')
      .values({
        scope_hash: request.scopeHash,
        user_id: request.userId,
        route: request.route,
        fingerprint: request.fingerprint,
        state: 'running',
        lock_token: lockToken,
        locked_until: now + this.leaseMs,
        recovery_point: null,
        resource_id: null,
        response_status: null,
        response_body: null,
        created_at: now,
        expires_at: now + RETENTION_MS,
      })
      .onConflict((oc) => oc.column('scope_hash').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) {
      return { kind: 'owned', lockToken, recoveryPoint: null, resourceId: null };
    }
    return this.claimExisting(request, lockToken, now);
  }

  private async claimExisting(
    request: ClaimRequest,
    lockToken: string,
    now: number,
  ): Promise<Claim> {
    const record = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope_hash', '=', request.scopeHash)
      .executeTakeFirst();
    // Deleted between our insert and this read (a first attempt that stored nothing): retry.
    if (!record) return this.claim(request);
    if (record.fingerprint !== request.fingerprint) return { kind: 'mismatch' };
    if (record.state === 'completed') {
      return {
        kind: 'replay',
        status: record.response_status ?? 500,
        body: record.response_body ?? '',
      };
    }
    if (record.locked_until > now) return { kind: 'in_progress' };

    const taken = await this.db
      .updateTable('idempotency_keys')
      .set({ lock_token: lockToken, locked_until: now + this.leaseMs })
      .where('scope_hash', '=', request.scopeHash)
      .where('state', '=', 'running')
      .where('locked_until', '<=', now)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) return { kind: 'in_progress' };
    return {
      kind: 'owned',
      lockToken,
      recoveryPoint: record.recovery_point,
      resourceId: record.resource_id,
    };
  }

  /**
   * Records progress inside the caller's own transaction, so effect and checkpoint commit
   * together.
   */
  async checkpoint(
    trx: Transaction<DatabaseSchema>,
    scope: string,
    lockToken: string,
    recoveryPoint: string | null,
    resourceId: string | null,
  ): Promise<void> {
    const result = await trx
      .updateTable('idempotency_keys')
      .set({ recovery_point: recoveryPoint, resource_id: resourceId })
      .where('scope_hash', '=', scope)
      .where('lock_token', '=', lockToken)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new Error('idempotency lease lost: another request took over this key');
    }
  }

  /** Stores the final answer; only the lease holder can. */
  async complete(scope: string, lockToken: string, status: number, body: string): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ state: 'completed', response_status: status, response_body: body, lock_token: null })
      .where('scope_hash', '=', scope)
      .where('lock_token', '=', lockToken)
      .execute();
  }

  /** Forgets a request that had no effect, so a corrected retry with the same key runs. */
  async discard(scope: string, lockToken: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('scope_hash', '=', scope)
      .where('lock_token', '=', lockToken)
      .where('state', '=', 'running')
      .execute();
  }

  /** Gives up the lease of a request that stopped half-way, so a retry can resume it at once. */
  async release(scope: string, lockToken: string): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ lock_token: null, locked_until: 0 })
      .where('scope_hash', '=', scope)
      .where('lock_token', '=', lockToken)
      .execute();
  }

  /** Deletes records past their retention; run by the maintenance job. */
  async prune(): Promise<number> {
    const result = await this.db
      .deleteFrom('idempotency_keys')
      .where('expires_at', '<=', this.clock.now())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
