/** `/api/v1/admin/webhook-events`: the inbox and its dead letters, for admins. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app-context.js';
import { orNotFound } from '../http/errors.js';
import { PageQuery, pageSchema } from '../http/pagination.js';
import { EmptyBody, problems, Timestamp } from '../http/schemas.js';
import { toIso } from '../shared/clock.js';
import type { WebhookEventRow } from './inbox.js';

const WebhookEventSchema = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    status: Type.String(),
    source: Type.String(),
    attempts: Type.Integer(),
    last_error: Type.Union([Type.String(), Type.Null()]),
    created: Timestamp,
    received_at: Timestamp,
    processed_at: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'WebhookEvent' },
);

const ListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(
      Type.Union(['pending', 'processed', 'ignored', 'dead'].map((s) => Type.Literal(s))),
    ),
  },
  { additionalProperties: false },
);

export function webhookAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/admin/webhook-events',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks', 'admin'],
        summary: 'Received events, newest first; `status=dead` lists the dead letters',
        querystring: ListQuery,
        response: { 200: pageSchema(WebhookEventSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const page = await ctx.webhooks.inbox.list(request.query);
      return { data: page.data.map(eventView), next_cursor: page.next_cursor };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/admin/webhook-events/:id/retry',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['webhooks', 'admin'],
        summary: 'Put a dead letter back in line to be applied again',
        params: Type.Object(
          { id: Type.String({ maxLength: 255 }) },
          { additionalProperties: false },
        ),
        body: EmptyBody,
        response: { 200: WebhookEventSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const row = orNotFound(await ctx.webhooks.inbox.retry(request.params.id));
      ctx.webhooks.processor.kick();
      return eventView(row);
    },
  );
}

function eventView(row: WebhookEventRow) {
  return {
    id: row.event_id,
    type: row.type,
    status: row.status,
    source: row.source,
    attempts: row.attempts,
    last_error: row.last_error,
    created: toIso(row.created * 1000),
    received_at: toIso(row.received_at),
    processed_at: row.processed_at === null ? null : toIso(row.processed_at),
  };
}
