/**
 * The emulator's webhook secret and publishable key: given, or generated once and kept in the
 * database, so that a store restarted beside a file database still verifies its webhooks.
 */
import { publishableKey, webhookSecret } from './core/ids.js';
import { readMeta, writeMeta, type Db } from './store/database.js';

export interface EmulatorKeys {
  webhookSecret: string;
  publishableKey: string;
}

export function loadKeys(db: Db, givenWebhookSecret: string | null): EmulatorKeys {
  const secret = givenWebhookSecret ?? readMeta(db, 'webhook_secret') ?? webhookSecret();
  const publishable = readMeta(db, 'publishable_key') ?? publishableKey();
  writeMeta(db, 'webhook_secret', secret);
  writeMeta(db, 'publishable_key', publishable);
  return { webhookSecret: secret, publishableKey: publishable };
}
