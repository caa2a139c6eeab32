/** `GET /api/v1/admin/security-events`: the trail, for admins. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app-context.js';
import { PageQuery, pageSchema } from '../http/pagination.js';
import { problems, Timestamp } from '../http/schemas.js';
import { SECURITY_EVENT_TYPES } from './security-events.js';

const SecurityEventSchema = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    occurred_at: Timestamp,
    actor_id: Type.Union([Type.String(), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
    request_id: Type.Union([Type.String(), Type.Null()]),
    detail: Type.Record(
      Type.String(),
      Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
    ),
  },
  { $id: 'SecurityEvent' },
);

const ListQuery = Type.Object(
  {
    ...PageQuery,
    type: Type.Optional(Type.Union(SECURITY_EVENT_TYPES.map((t) => Type.Literal(t)))),
  },
  { additionalProperties: false },
);

export function securityEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/admin/security-events',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'The security-event trail, newest first; filter by `type`',
        querystring: ListQuery,
        response: { 200: pageSchema(SecurityEventSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => ctx.securityEvents.list(request.query),
  );
}
