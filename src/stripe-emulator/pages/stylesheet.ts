/**
 * The hosted pages' one stylesheet, served by the emulator itself so that the pages' CSP can
 * forbid inline styles.
 */
import type { FastifyInstance } from 'fastify';
import { STYLESHEET_PATH } from './html.js';

const CSS = `
body { font-family: system-ui, sans-serif; background: #f6f8fa; color: #1a1f36; margin: 0; }
main { max-width: 28rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem;
  border-radius: 8px; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.12); }
.banner { background: #fff4d6; padding: 0.5rem; border-radius: 4px; font-size: 0.85rem; }
.error { background: #fde8e8; color: #9b1c1c; padding: 0.5rem; border-radius: 4px; }
.amount { font-size: 1.6rem; font-weight: 600; }
table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
td { padding: 0.25rem 0; } td.num { text-align: right; }
label { display: block; margin: 0.75rem 0 0.25rem; }
input[type=text] { width: 100%; padding: 0.5rem; box-sizing: border-box; font-size: 1rem; }
button { margin-top: 1rem; width: 100%; padding: 0.75rem; font-size: 1rem; background: #635bff;
  color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
.hint { color: #596171; font-size: 0.85rem; }
fieldset { border: 1px solid #e3e8ee; border-radius: 4px; margin-top: 1rem; }
`;

export function stylesheetRoute(app: FastifyInstance): void {
  app.get(STYLESHEET_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=3600')
      .send(CSS),
  );
}
