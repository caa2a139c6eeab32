/**
 * Starting and stopping the emulator: the database, the event log and its dispatcher, the HTTP
 * server, and a sweeper that expires Checkout Sessions and forgets old idempotency keys.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeliveryAttempt } from './events/delivery-queue.js';
import { DeliveryFaults } from './events/delivery-faults.js';
import { DeliveryQueue } from './events/delivery-queue.js';
import { DeliveryDispatcher } from './events/dispatcher.js';
import { EventLog } from './events/event-log.js';
import { ApiFaults } from './faults/api-faults.js';
import { createFaultControls, type StripeEmulatorFaults } from './faults/controls.js';
import { IdempotencyKeys } from './http/idempotency.js';
import { createServer } from './http/server.js';
import { isWebhookUrl, resolveOptions, type StripeEmulatorOptions } from './options.js';
import { expireDueSessions } from './resources/checkout-sessions.js';
import type { ResourceDeps } from './resources/deps.js';
import { registerRoutes } from './routes.js';
import { loadKeys } from './keys.js';
import { openDatabase } from './store/database.js';
import { ObjectStore } from './store/object-store.js';

const SWEEP_INTERVAL_MS = 1_000;

/** A running emulator. */
export interface StripeEmulator {
  /** The API base, e.g. `http://127.0.0.1:12111`; the SDK takes its host, port and protocol. */
  url: string;
  host: string;
  port: number;
  webhookSecret: string;
  publishableKey: string;
  setWebhookUrl(url: string | null): void;
  faults: StripeEmulatorFaults;
  deliveryAttempts(): DeliveryAttempt[];
  /** Resolves once no delivery is pending, being sent, or held; default timeout 5 s. */
  waitForDeliveries(timeoutMs?: number): Promise<void>;
  /** The hosted test page where a person pays a PaymentIntent. */
  paymentPageUrl(paymentIntentId: string, clientSecret: string, returnUrl: string): string;
  close(): Promise<void>;
}

export async function startStripeEmulator(
  options: StripeEmulatorOptions = {},
): Promise<StripeEmulator> {
  const resolved = resolveOptions(options);
  const { logger } = resolved;
  if (resolved.databasePath !== ':memory:') {
    mkdirSync(dirname(resolved.databasePath), { recursive: true });
  }
  const db = openDatabase(resolved.databasePath);
  const keys = loadKeys(db, resolved.webhookSecret);

  let webhookUrl = resolved.webhookUrl;
  let publicUrl = '';
  const store = new ObjectStore(db);
  const queue = new DeliveryQueue(db);
  const deliveryFaults = new DeliveryFaults();
  const events: EventLog = new EventLog(db, queue, deliveryFaults, {
    webhookUrl: () => webhookUrl,
    // After the request's transaction has committed, so the dispatcher sees the new row.
    deliveryQueued: (group) => setImmediate(() => dispatcher.wake(group)),
  });
  const dispatcher = new DeliveryDispatcher({
    queue,
    events,
    settings: resolved.delivery,
    logger,
    webhookUrl: () => webhookUrl,
    webhookSecret: () => keys.webhookSecret,
  });
  const resources: ResourceDeps = { store, events, publicUrl: () => publicUrl };
  const apiFaults = new ApiFaults();
  const faults = createFaultControls(db, resources, deliveryFaults, apiFaults, dispatcher);

  const setWebhookUrl = (url: string | null) => {
    if (url !== null && !isWebhookUrl(url)) {
      throw new TypeError('setWebhookUrl takes an absolute http or https URL, or null');
    }
    webhookUrl = url;
    dispatcher.wake(null);
  };
  const deliveryAttempts = () => queue.attempts();
  const waitForDeliveries = (timeoutMs = 5_000) => dispatcher.waitForIdle(timeoutMs);

  const app = createServer(logger);
  await registerRoutes(app, {
    configuredKey: resolved.apiKey,
    api: { db, idempotency: new IdempotencyKeys(db), apiFaults },
    resources,
    events,
    control: { faults, deliveryAttempts, waitForDeliveries, setWebhookUrl },
  });
  try {
    await app.listen({ host: resolved.host, port: resolved.port });
  } catch (error) {
    db.close();
    throw error;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : resolved.port;
  const url = `http://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`;
  publicUrl = resolved.publicUrl ?? url;
  dispatcher.start();

  const sweeper = setInterval(() => {
    try {
      db.transaction(() => expireDueSessions(resources))();
      new IdempotencyKeys(db).prune(Date.now());
    } catch (error) {
      logger.error({ err: error }, 'stripe emulator sweep failed');
    }
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  logger.info({ url, public_url: publicUrl }, 'stripe emulator listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    host: resolved.host,
    port,
    webhookSecret: keys.webhookSecret,
    publishableKey: keys.publishableKey,
    setWebhookUrl,
    faults,
    deliveryAttempts,
    waitForDeliveries,
    paymentPageUrl: (id, clientSecret, returnUrl) =>
      `${publicUrl}/test/payment_intents/${encodeURIComponent(id)}?` +
      new URLSearchParams({ client_secret: clientSecret, return_url: returnUrl }).toString(),
    close: () => {
      closing ??= (async () => {
        clearInterval(sweeper);
        apiFaults.releaseAll();
        await dispatcher.close();
        await app.close();
        db.close();
        logger.info({ url }, 'stripe emulator stopped');
      })();
      return closing;
    },
  };
}
