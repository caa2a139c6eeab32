/** The accounts table: one row per email, with its argon2id hash and role. */
import type { Clock } from '../shared/clock.js';
import type { Db } from '../db/database.js';
import type { Role } from '../db/schema.js';
import { newId } from '../shared/ids.js';
import { toIso } from '../shared/clock.js';

export interface User {
  id: string;
  email: string;
  role: Role;
  createdAt: number;
}

/** What the API shows of a user. */
export interface UserView {
  id: string;
  email: string;
  role: Role;
  created_at: string;
}

export function userView(user: User): UserView {
  return { id: user.id, email: user.email, role: user.role, created_at: toIso(user.createdAt) };
}

/** One spelling per mailbox: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class UserStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Creates a user; returns null when the email is taken (decided by the unique index). */
  async create(email: string, passwordHash: string, role: Role): Promise<User | null> {
    const now = this.clock.now();
    const user = { id: newId('user'), email: normalizeEmail(email), role, createdAt: now };
    const inserted = await this.db
      .insertInto('users')
      .values({
        id: user.id,
        email: user.email,
        password_hash: passwordHash,
        role,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1 ? user : null;
  }

  async findByEmail(email: string): Promise<(User & { passwordHash: string }) | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst();
    return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
  }

  async findById(id: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async setRole(id: string, role: Role): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ role, updated_at: this.clock.now() })
      .where('id', '=', id)
      .execute();
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: this.clock.now() })
      .where('id', '=', id)
      .execute();
  }
}

function toUser(row: { id: string; email: string; role: Role; created_at: number }): User {
  return { id: row.id, email: row.email, role: row.role, createdAt: row.created_at };
}
