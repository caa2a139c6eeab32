/**
 * Server-side sessions behind opaque bearer tokens, with idle and absolute expiry.
 *
 * A session ends when it is idle too long, when it reaches its absolute lifetime, at logout,
 * or when the user's role changes; the token then answers 401 everywhere.
 */
import type { Clock } from '../shared/clock.js';
import type { Db } from '../db/database.js';
import type { Role } from '../db/schema.js';
import { newId } from '../shared/ids.js';
import { hashToken, newSessionToken } from './tokens.js';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** Who is calling, as established by a valid session. */
export interface Actor {
  userId: string;
  role: Role;
  sessionId: string;
}

/** Writing `last_seen_at` on every request would make every read a write; a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
  ) {}

  /** Starts a session; the returned token is the only copy that will ever exist. */
  async create(userId: string): Promise<{ token: string; sessionId: string }> {
    const token = newSessionToken();
    const now = this.clock.now();
    const sessionId = newId('session');
    await this.db
      .insertInto('sessions')
      .values({
        id: sessionId,
        user_id: userId,
        token_hash: hashToken(token),
        created_at: now,
        last_seen_at: now,
        expires_at: now + this.policy.absoluteHours * 3_600_000,
        revoked_at: null,
      })
      .execute();
    return { token, sessionId };
  }

  /** The actor behind a token, or null when the token is unknown, expired or revoked. */
  async authenticate(token: string): Promise<Actor | null> {
    const now = this.clock.now();
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.id', 'sessions.user_id', 'sessions.last_seen_at', 'users.role'])
      .where('sessions.token_hash', '=', hashToken(token))
      .where('sessions.revoked_at', 'is', null)
      .where('sessions.expires_at', '>', now)
      .where('sessions.last_seen_at', '>', now - this.policy.idleMinutes * 60_000)
      .executeTakeFirst();
    if (!row) return null;

    if (now - row.last_seen_at >= TOUCH_INTERVAL_MS) {
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: now })
        .where('id', '=', row.id)
        .execute();
    }
    return { userId: row.user_id, role: row.role, sessionId: row.id };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: this.clock.now() })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Ends every session of a user, as after a role change. Returns how many ended. */
  async revokeAllForUser(userId: string): Promise<number> {
    const result = await this.db
      .updateTable('sessions')
      .set({ revoked_at: this.clock.now() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Deletes sessions that can no longer be used; run by the maintenance job. */
  async prune(): Promise<number> {
    const now = this.clock.now();
    const result = await this.db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', now),
          eb('revoked_at', 'is not', null),
          eb('last_seen_at', '<=', now - this.policy.idleMinutes * 60_000),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
