import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import type { SessionStore } from '../accounts/sessions.js';
import type { SecurityEvents } from '../security-events/security-events.js';
import { installAccessControl } from './access-control.js';

function appWithAccessControl() {
  const app = Fastify();
  installAccessControl(app, {
    sessions: { authenticate: async () => null } as unknown as SessionStore,
    securityEvents: { record: async () => undefined } as unknown as SecurityEvents,
    publicUrl: 'http://shop.test',
    publicPrefixes: ['/docs'],
  });
  return app;
}

describe('access declared on every route', () => {
  it('should refuse to register a route that does not say who may call it', () => {
    const app = appWithAccessControl();
    assert.throws(
      () => app.get('/api/v1/forgotten', async () => ({})),
      /does not declare config.access/,
    );
  });

  it('should accept declared routes, and the docs plugin’s routes as public', async () => {
    const app = appWithAccessControl();
    app.get('/api/v1/declared', { config: { access: 'public' } }, async () => ({ ok: true }));
    app.get('/docs/static/x', async (request) => request.routeOptions.config.access);
    await app.ready();
    assert.equal((await app.inject('/api/v1/declared')).statusCode, 200);
    const docs = await app.inject('/docs/static/x');
    assert.deepEqual([docs.statusCode, docs.body], [200, 'public']);
  });

  it('should let a request that matches no route through to the not-found answer', async () => {
    const app = appWithAccessControl();
    app.setNotFoundHandler(async (_request, reply) => reply.code(404).send('not found'));
    await app.ready();
    assert.equal((await app.inject('/api/v1/nothing')).statusCode, 404);
  });
});
