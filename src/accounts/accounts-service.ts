/**
 * Registration, login and logout: the rules around credentials.
 *
 * A login answers the same for a wrong email and a wrong password, in body and in time (an
 * unknown email is checked against a dummy hash), and failures are limited per account and per
 * address in the database, so every server process counts against the same limits.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config/config.js';
import { AppError } from '../http/errors.js';
import type { RateLimiter } from '../rate-limits/rate-limiter.js';
import type { EventContext, SecurityEvents } from '../security-events/security-events.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import type { Actor, SessionStore } from './sessions.js';
import { normalizeEmail, type User, type UserStore } from './users.js';

export interface SignedIn {
  user: User;
  token: string;
}

type Limits = Config['rateLimits'];

export class AccountsService {
  constructor(
    private readonly users: UserStore,
    private readonly sessions: SessionStore,
    private readonly limiter: RateLimiter,
    private readonly securityEvents: SecurityEvents,
    private readonly limits: Limits,
  ) {}

  async register(email: string, password: string, context: EventContext): Promise<SignedIn> {
    const addressBucket = `register:address:${context.ip ?? 'unknown'}`;
    const limit = await this.limiter.consume(addressBucket, this.limits.registrationsPerAddress);
    if (limit.limited) {
      await this.securityEvents.record('authn_register_rate_limited', context, {});
      throw rateLimited(limit.retryAfterSeconds);
    }

    // Hash before the uniqueness check, so a taken email costs the same time as a new one.
    const passwordHash = await hashPassword(password);
    const user = await this.users.create(email, passwordHash, 'customer');
    if (user === null) throw new AppError('email_taken');

    const { token } = await this.sessions.create(user.id);
    await this.securityEvents.record('authn_register', { ...context, actorId: user.id });
    return { user, token };
  }

  async login(email: string, password: string, context: EventContext): Promise<SignedIn> {
    const buckets = [
      {
        name: `login:account:${digest(normalizeEmail(email))}`,
        limit: this.limits.loginPerAccount,
      },
      { name: `login:address:${context.ip ?? 'unknown'}`, limit: this.limits.loginPerAddress },
    ];

    const states = await Promise.all(buckets.map((b) => this.limiter.consume(b.name, b.limit)));
    const limited = states.filter((state) => state.limited);
    if (limited.length > 0) {
      // A refused attempt is not a guess, so it does not extend the lock-out.
      await Promise.all(buckets.map((b) => this.limiter.release(b.name, b.limit)));
      await this.securityEvents.record('authn_rate_limited', context, {
        by_account: states[0]?.limited ?? false,
        by_address: states[1]?.limited ?? false,
      });
      throw rateLimited(Math.max(...limited.map((state) => state.retryAfterSeconds)));
    }

    const account = await this.users.findByEmail(email);
    const valid = account
      ? await verifyPassword(account.passwordHash, password)
      : await verifyAgainstDummy(password);

    if (!account || !valid) {
      await this.securityEvents.record(
        'authn_login_fail',
        { ...context, actorId: account?.id ?? null },
        { reason: 'invalid_credentials' },
      );
      throw new AppError('invalid_credentials');
    }

    await Promise.all(buckets.map((b) => this.limiter.release(b.name, b.limit)));
    const { token } = await this.sessions.create(account.id);
    await this.securityEvents.record('authn_login_success', { ...context, actorId: account.id });
    const { passwordHash: _hash, ...user } = account;
    return { user, token };
  }

  async logout(actor: Actor, context: EventContext): Promise<void> {
    await this.sessions.revoke(actor.sessionId);
    await this.securityEvents.record('authn_logout', context);
  }
}

function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', { headers: { 'retry-after': String(retryAfterSeconds) } });
}

/** Buckets are keyed by a digest, so the counters table holds no email addresses. */
function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
