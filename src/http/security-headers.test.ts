import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { CSP_DIRECTIVES, installHygiene, securityHeaderPolicy } from './hygiene.js';

const HELMET_HEADERS = /^(content-security-policy|cross-origin|origin-agent|referrer|strict|x-)/;

/** The helmet-made headers of one answer, by name. */
async function securityHeadersOf(
  app: FastifyInstance,
  url: string,
): Promise<Record<string, unknown>> {
  const response = await app.inject({ method: 'GET', url });
  return Object.fromEntries(
    Object.entries(response.headers).filter(
      ([name]) => HELMET_HEADERS.test(name) && name !== 'x-request-id',
    ),
  );
}

async function storeLikeApp(https: boolean): Promise<FastifyInstance> {
  const app = Fastify();
  await installHygiene(app, { https });
  app.get('/plain', { config: { access: 'public' } }, async () => ({ ok: true }));
  app.get(
    '/own-policy',
    {
      config: { access: 'public' },
      helmet: {
        contentSecurityPolicy: {
          useDefaults: false,
          directives: { ...CSP_DIRECTIVES, connectSrc: ["'self'", 'https://api.stripe.com'] },
        },
      },
    },
    async () => ({ ok: true }),
  );
  return app;
}

describe('security headers computed once', () => {
  for (const https of [false, true]) {
    it(`should send exactly what helmet would send on every request (https: ${https})`, async () => {
      const reference = Fastify();
      await reference.register(helmet, { global: true, ...securityHeaderPolicy({ https }) });
      reference.get('/plain', async () => ({ ok: true }));
      const app = await storeLikeApp(https);

      const expected = await securityHeadersOf(reference, '/plain');
      assert.ok(Object.keys(expected).length >= 10, 'helmet sets its whole set of headers');
      assert.deepEqual(await securityHeadersOf(app, '/plain'), expected);
      assert.deepEqual(
        await securityHeadersOf(app, '/nowhere'),
        await securityHeadersOf(reference, '/nowhere'),
      );
    });
  }

  it("should leave a route's own helmet policy to @fastify/helmet", async () => {
    const app = await storeLikeApp(false);

    const own = await securityHeadersOf(app, '/own-policy');

    assert.match(
      String(own['content-security-policy']),
      /connect-src 'self' https:\/\/api.stripe.com/,
    );
    assert.match(String(own['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(own['x-frame-options'], 'DENY');
  });
});
