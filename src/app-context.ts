/**
 * Everything a feature needs, built once per server by `createAppContext` and handed to each
 * feature's routes and jobs. Tests build it the same way, with their own database, clock and
 * Stripe.
 */
import { AccountsService } from './accounts/accounts-service.js';
import { SessionStore } from './accounts/sessions.js';
import { UserStore } from './accounts/users.js';
import { CartService } from './cart/cart-service.js';
import { CatalogStore } from './catalog/catalog-store.js';
import { CheckoutService } from './checkout/checkout-service.js';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import { IdempotencyStore } from './idempotency/idempotency-store.js';
import type { Logger } from './logging/logger.js';
import { OrderCancellation } from './orders/order-cancellation.js';
import { OrderStore } from './orders/order-store.js';
import type { PaymentGateway } from './payments/payment-gateway.js';
import { PaymentReconciler } from './payments/payment-reconciler.js';
import { RateLimiter } from './rate-limits/rate-limiter.js';
import { RefundLedger } from './refunds/refund-ledger.js';
import { RefundService } from './refunds/refund-service.js';
import { SecurityEvents } from './security-events/security-events.js';
import { systemClock, type Clock } from './shared/clock.js';
import { CrashPoints } from './shared/crash-points.js';
import { WebhookInbox } from './webhooks/inbox.js';
import { WebhookProcessor } from './webhooks/processor.js';

export interface AppContext {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  gateway: PaymentGateway;
  crashPoints: CrashPoints;
  users: UserStore;
  sessions: SessionStore;
  accounts: AccountsService;
  limiter: RateLimiter;
  securityEvents: SecurityEvents;
  catalog: CatalogStore;
  carts: CartService;
  orders: OrderStore;
  idempotency: IdempotencyStore;
  checkout: CheckoutService;
  reconciler: PaymentReconciler;
  cancellation: OrderCancellation;
  ledger: RefundLedger;
  refunds: RefundService;
  webhooks: { inbox: WebhookInbox; processor: WebhookProcessor };
}

export interface AppContextOptions {
  config: Config;
  database: Database;
  logger: Logger;
  gateway: PaymentGateway;
  clock?: Clock;
  crashPoints?: CrashPoints;
}

export function createAppContext(options: AppContextOptions): AppContext {
  const { config, database, logger, gateway } = options;
  const db = database.db;
  const clock = options.clock ?? systemClock;
  const crashPoints = options.crashPoints ?? new CrashPoints();

  const users = new UserStore(db, clock);
  const sessions = new SessionStore(db, clock, config.sessions);
  const limiter = new RateLimiter(db, clock);
  const securityEvents = new SecurityEvents(db, clock, logger);
  const orders = new OrderStore(db);
  const ledger = new RefundLedger(db);
  const reconciler = new PaymentReconciler({
    db,
    gateway,
    orders,
    ledger,
    securityEvents,
    clock,
    logger,
  });
  const inbox = new WebhookInbox(db, clock);

  return {
    config,
    database,
    clock,
    logger,
    gateway,
    crashPoints,
    users,
    sessions,
    accounts: new AccountsService(users, sessions, limiter, securityEvents, config.rateLimits),
    limiter,
    securityEvents,
    catalog: new CatalogStore(db, clock),
    carts: new CartService(db, clock),
    orders,
    idempotency: new IdempotencyStore(db, clock, config.idempotencyLeaseSeconds * 1000),
    checkout: new CheckoutService({
      db,
      gateway,
      orders,
      limiter,
      limit: config.rateLimits.checkoutsPerCustomer,
      clock,
      crashPoints,
      logger,
      securityEvents,
      publicUrl: config.publicUrl,
    }),
    reconciler,
    cancellation: new OrderCancellation({
      db,
      gateway,
      orders,
      reconciler,
      clock,
      logger,
      paymentTimeoutMinutes: config.orderPaymentTimeoutMinutes,
    }),
    ledger,
    refunds: new RefundService({
      db,
      gateway,
      orders,
      ledger,
      securityEvents,
      clock,
      crashPoints,
      logger,
    }),
    webhooks: {
      inbox,
      processor: new WebhookProcessor({ orders, reconciler, gateway, logger }, inbox, logger),
    },
  };
}
