/**
 * The HTTP application: Fastify with the store's hygiene, validation, error model, access
 * control, OpenAPI document and every feature's routes. Building it has no side effects beyond
 * the instance, so tests build as many as they like.
 */
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { installAccessControl } from './access/access-control.js';
import { accountRoutes } from './accounts/routes.js';
import type { AppContext } from './app-context.js';
import { cartRoutes } from './cart/routes.js';
import { catalogRoutes } from './catalog/routes.js';
import { checkoutRoutes } from './checkout/routes.js';
import { healthRoutes } from './health/routes.js';
import { installHygiene, newRequestId } from './http/hygiene.js';
import { createErrorHandler } from './http/problem.js';
import { installNotFoundHandling } from './http/routing.js';
import { validatorCompiler } from './http/validation.js';
import { installIdempotency } from './idempotency/idempotency-plugin.js';
import { orderRoutes } from './orders/routes.js';
import { refundRoutes } from './refunds/routes.js';
import { securityEventRoutes } from './security-events/routes.js';
import { webRoutes } from './web/routes.js';
import { webhookAdminRoutes } from './webhooks/admin-routes.js';
import { webhookRoutes } from './webhooks/routes.js';

/** JSON bodies above 64 KiB are refused with 413 before they are read further. */
export const BODY_LIMIT_BYTES = 64 * 1024;

const DOCS_PREFIX = '/docs';

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  // Typed as Fastify's logger so the instance has Fastify's default type, which plugins expect.
  const logger: FastifyBaseLogger = ctx.logger;
  const app = Fastify({
    loggerInstance: logger,
    // One line per request, written by the hygiene hooks with the store's own field names.
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: 'request_id',
    }),
    genReqId: newRequestId,
    bodyLimit: BODY_LIMIT_BYTES,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    trustProxy: ctx.config.trustProxy,
    return503OnClosing: true,
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(createErrorHandler(ctx.securityEvents));
  installNotFoundHandling(app);
  await installHygiene(app, { https: ctx.config.publicUrl.startsWith('https://') });
  await app.register(cookie);
  installAccessControl(app, {
    sessions: ctx.sessions,
    securityEvents: ctx.securityEvents,
    publicUrl: ctx.config.publicUrl,
    publicPrefixes: [DOCS_PREFIX],
  });
  installIdempotency(app, ctx.idempotency, ctx.securityEvents);
  await registerOpenApi(app);

  healthRoutes(app, ctx);
  accountRoutes(app, ctx);
  catalogRoutes(app, ctx);
  cartRoutes(app, ctx);
  checkoutRoutes(app, ctx);
  orderRoutes(app, ctx);
  refundRoutes(app, ctx);
  securityEventRoutes(app, ctx);
  webhookAdminRoutes(app, ctx);
  await webhookRoutes(app, ctx);
  await webRoutes(app, ctx);

  await app.ready();
  return app;
}

async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Webstore API',
        version: '1',
        description:
          'Errors are RFC 9457 problem details with a stable `code`. Authenticate with ' +
          '`Authorization: Bearer <token>` from register or login.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: true,
    uiConfig: { url: '/api/v1/openapi.json' },
  });

  app.get(
    '/api/v1/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  );
}
