/**
 * Starting and stopping the emulator: the database, the event log and its dispatcher, the HTTP
 * server, and a sweeper that expires Checkout Sessions and forgets old idempotency keys.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger.js';
import { DeliveryFaults } from './events/delivery-faults.js';
import { DeliveryQueue, type DeliveryAttempt } from './events/delivery-queue.js';
import { DeliveryDispatcher, type DeliverySettings } from './events/dispatcher.js';
import { EventLog } from './events/event-log.js';
import { ApiFaults } from './faults/api-faults.js';
import { createFaultControls, type StripeEmulatorFaults } from './faults/controls.js';
import { IdempotencyKeys } from './http/idempotency.js';
import { createServer } from './http/server.js';
import { loadKeys, type EmulatorKeys } from './keys.js';
import { isWebhookUrl, resolveOptions, type StripeEmulatorOptions } from './options.js';
import { expireDueSessions } from './resources/checkout-sessions.js';
import type { ResourceDeps } from './resources/deps.js';
import { registerRoutes } from './routes.js';
import { openDatabase, type Db } from './store/database.js';
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
  /** Where events go from now on; null stops sending (owed deliveries wait for a URL). */
  setWebhookUrl(url: string | null): void;
  faults: StripeEmulatorFaults;
  /** Every delivery attempt so far, oldest first. */
  deliveryAttempts(): DeliveryAttempt[];
  /** Resolves once no delivery is pending, being sent, or held; rejects after `timeoutMs` (5 s). */
  waitForDeliveries(timeoutMs?: number): Promise<void>;
  /** The hosted test page where a person pays a PaymentIntent, as Stripe.js would let them. */
  paymentPageUrl(paymentIntentId: string, clientSecret: string, returnUrl: string): string;
  close(): Promise<void>;
}

/** The parts of a running emulator, and the two settings that change while it runs. */
interface Parts {
  db: Db;
  resources: ResourceDeps;
  queue: DeliveryQueue;
  dispatcher: DeliveryDispatcher;
  apiFaults: ApiFaults;
  idempotency: IdempotencyKeys;
  faults: StripeEmulatorFaults;
  settings: { webhookUrl: string | null; publicUrl: string };
}

export async function startStripeEmulator(
  options: StripeEmulatorOptions = {},
): Promise<StripeEmulator> {
  const resolved = resolveOptions(options);
  if (resolved.databasePath !== ':memory:') {
    mkdirSync(dirname(resolved.databasePath), { recursive: true });
  }
  const db = openDatabase(resolved.databasePath);
  const keys = loadKeys(db, resolved.webhookSecret);
  const parts = assemble(db, keys, resolved.webhookUrl, resolved.delivery, resolved.logger);
  const emulator = handle(parts, keys);

  const app = createServer(resolved.logger);
  await registerRoutes(app, {
    configuredKey: resolved.apiKey,
    api: { db, idempotency: parts.idempotency, apiFaults: parts.apiFaults },
    resources: parts.resources,
    events: parts.resources.events,
    control: emulator,
  });
  try {
    await app.listen({ host: resolved.host, port: resolved.port });
  } catch (error) {
    db.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : resolved.port;
  const hostInUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const url = `http://${hostInUrl}:${port}`;
  parts.settings.publicUrl = resolved.publicUrl ?? url;
  parts.dispatcher.start();
  const sweeper = startSweeper(parts, resolved.logger);
  resolved.logger.info({ url, public_url: parts.settings.publicUrl }, 'stripe emulator listening');

  return {
    ...emulator,
    url,
    host: resolved.host,
    port,
    close: closer(parts, app, sweeper, resolved.logger),
  };
}

function assemble(
  db: Db,
  keys: EmulatorKeys,
  webhookUrl: string | null,
  delivery: DeliverySettings,
  logger: Logger,
): Parts {
  const settings = { webhookUrl, publicUrl: '' };
  const store = new ObjectStore(db);
  const queue = new DeliveryQueue(db);
  const deliveryFaults = new DeliveryFaults();
  const events: EventLog = new EventLog(db, queue, deliveryFaults, {
    webhookUrl: () => settings.webhookUrl,
    // After the request's transaction has committed, so the dispatcher sees the new row.
    deliveryQueued: (group) => setImmediate(() => dispatcher.wake(group)),
  });
  const dispatcher = new DeliveryDispatcher({
    queue,
    events,
    settings: delivery,
    logger,
    webhookUrl: () => settings.webhookUrl,
    webhookSecret: () => keys.webhookSecret,
  });
  const resources: ResourceDeps = { store, events, publicUrl: () => settings.publicUrl };
  const apiFaults = new ApiFaults();
  const faults = createFaultControls(db, resources, deliveryFaults, apiFaults, dispatcher);
  const idempotency = new IdempotencyKeys(db);
  return { db, resources, queue, dispatcher, apiFaults, idempotency, faults, settings };
}

/** The parts of the public object that exist before the server listens. */
function handle(parts: Parts, keys: EmulatorKeys) {
  return {
    webhookSecret: keys.webhookSecret,
    publishableKey: keys.publishableKey,
    faults: parts.faults,
    setWebhookUrl: (url: string | null) => {
      if (url !== null && !isWebhookUrl(url)) {
        throw new TypeError('setWebhookUrl takes an absolute http or https URL, or null');
      }
      parts.settings.webhookUrl = url;
      parts.dispatcher.wake(null);
    },
    deliveryAttempts: () => parts.queue.attempts(),
    waitForDeliveries: (timeoutMs = 5_000) => parts.dispatcher.waitForIdle(timeoutMs),
    paymentPageUrl: (id: string, clientSecret: string, returnUrl: string) =>
      `${parts.settings.publicUrl}/test/payment_intents/${encodeURIComponent(id)}?` +
      new URLSearchParams({ client_secret: clientSecret, return_url: returnUrl }).toString(),
  };
}

function startSweeper(parts: Parts, logger: Logger): NodeJS.Timeout {
  const sweeper = setInterval(() => {
    try {
      parts.db.transaction(() => expireDueSessions(parts.resources))();
      parts.idempotency.prune(Date.now());
    } catch (error) {
      logger.error({ err: error }, 'stripe emulator sweep failed');
    }
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  return sweeper;
}

/** `close()`: stops sending, lets held responses go, closes the server, then the database. */
function closer(parts: Parts, app: FastifyInstance, sweeper: NodeJS.Timeout, logger: Logger) {
  let closing: Promise<void> | null = null;
  return (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(sweeper);
      parts.apiFaults.releaseAll();
      await parts.dispatcher.close();
      await app.close();
      parts.db.close();
      logger.info({}, 'stripe emulator stopped');
    })();
    return closing;
  };
}
