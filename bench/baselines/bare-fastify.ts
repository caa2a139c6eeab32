/**
 * The ceiling the store is compared with: Fastify with nothing added. `POST /webhooks/stripe`
 * reads the raw body as the store's route does and answers `{"received": true}` without looking
 * at it; `GET /api/v1/products` answers the JSON the store answered (read from the file named
 * by CATALOG_JSON), serialised afresh each time as a route returning an object would be.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
const catalog: unknown = process.env.CATALOG_JSON
  ? JSON.parse(readFileSync(process.env.CATALOG_JSON, 'utf8'))
  : { data: [], next_cursor: null };

app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

app.post('/webhooks/stripe', async () => ({ received: true }));
app.get('/api/v1/products', async () => catalog);
app.get('/ready', async () => ({ ok: true }));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
