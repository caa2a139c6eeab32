/**
 * `webstore create-admin --email E`: creates an admin, or promotes an existing account, with the
 * password read from standard input (one line, so it never shows in `ps` or shell history).
 * A promotion ends the account's sessions: a role change always does.
 */
import { createInterface } from 'node:readline';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword } from '../accounts/passwords.js';
import { SessionStore } from '../accounts/sessions.js';
import { normalizeEmail, UserStore } from '../accounts/users.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import { maskEmail } from '../logging/logger.js';
import { SecurityEvents } from '../security-events/security-events.js';
import { systemClock } from '../shared/clock.js';
import { CliError } from './cli-error.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createAdmin(
  config: Config,
  database: Database,
  logger: Logger,
  email: string,
  password: string,
): Promise<'created' | 'promoted'> {
  if (!EMAIL.test(email)) throw new CliError(`"${email}" is not an email address`);
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new CliError(
      `the password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
    );
  }

  const users = new UserStore(database.db, systemClock);
  const sessions = new SessionStore(database.db, systemClock, config.sessions);
  const events = new SecurityEvents(database.db, systemClock, logger);
  const passwordHash = await hashPassword(password);

  const created = await users.create(email, passwordHash, 'admin');
  if (created !== null) {
    await events.record('authz_admin_created', { actorId: created.id }, { via: 'cli' });
    logger.info({ user_id: created.id, email: maskEmail(created.email) }, 'admin created');
    return 'created';
  }

  const existing = await users.findByEmail(normalizeEmail(email));
  if (existing === null) throw new CliError('the account vanished while being promoted; try again');
  await users.setRole(existing.id, 'admin');
  await users.setPasswordHash(existing.id, passwordHash);
  const ended = await sessions.revokeAllForUser(existing.id);
  await events.record(
    'authz_role_changed',
    { actorId: existing.id },
    {
      from: existing.role,
      to: 'admin',
      sessions_ended: ended,
      via: 'cli',
    },
  );
  logger.info(
    { user_id: existing.id, email: maskEmail(existing.email) },
    'account promoted to admin',
  );
  return 'promoted';
}

/** The first line of standard input, without its line ending. */
export async function readPasswordLine(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (one line): ');
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line.replace(/\r$/, '');
  }
  throw new CliError('no password on standard input');
}
