/** Liveness and readiness for process managers and load balancers. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import { pingDatabase } from '../db/database.js';
import { AppError } from '../http/errors.js';
import { problems } from '../http/schemas.js';

const Status = Type.Object({ status: Type.String() });

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'The process runs', response: { 200: Status } },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The database answers',
        response: { 200: Status, ...problems(503) },
      },
    },
    async (request) => {
      try {
        await pingDatabase(ctx.database.db);
      } catch (err) {
        request.log.warn({ err }, 'database not ready');
        throw new AppError('service_unavailable', { detail: 'the database does not answer' });
      }
      return { status: 'ready' };
    },
  );
}
