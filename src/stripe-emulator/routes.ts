/**
 * Every route of the emulator, in three scopes: the Stripe API (authenticated, with API faults,
 * idempotency), the control routes (authenticated) and the hosted pages (open, like Stripe's).
 */
import type { FastifyInstance } from 'fastify';
import type { EventLog } from './events/event-log.js';
import { controlRoutes, type ControlTarget } from './faults/control-routes.js';
import { authenticateRoutes } from './http/api-plugin.js';
import { installRoutes, type ApiRouteDeps } from './http/api-route.js';
import { checkoutPage } from './pages/checkout-page.js';
import { paymentIntentPage } from './pages/payment-intent-page.js';
import { stylesheetRoute } from './pages/stylesheet.js';
import { chargeRoutes } from './resources/charge-routes.js';
import { checkoutSessionRoutes } from './resources/checkout-session-routes.js';
import type { ResourceDeps } from './resources/deps.js';
import { eventRoutes } from './resources/event-routes.js';
import { paymentIntentRoutes } from './resources/payment-intent-routes.js';
import { refundRoutes } from './resources/refund-routes.js';

export interface RouteDeps {
  configuredKey: string | null;
  api: ApiRouteDeps;
  resources: ResourceDeps;
  events: EventLog;
  control: ControlTarget;
}

export async function registerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  await app.register(async (api) => {
    authenticateRoutes(api, { configuredKey: deps.configuredKey, apiFaults: deps.api.apiFaults });
    installRoutes(api, deps.api, [
      ...paymentIntentRoutes(deps.resources),
      ...chargeRoutes(deps.resources),
      ...refundRoutes(deps.resources),
      ...checkoutSessionRoutes(deps.resources),
      ...eventRoutes(deps.events),
    ]);
  });
  await app.register(async (control) => {
    authenticateRoutes(control, { configuredKey: deps.configuredKey });
    controlRoutes(control, deps.control);
  });
  await app.register(async (pages) => {
    stylesheetRoute(pages);
    paymentIntentPage(pages, deps.api.db, deps.resources);
    checkoutPage(pages, deps.api.db, deps.resources);
  });
}
