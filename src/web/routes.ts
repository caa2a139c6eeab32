/**
 * The storefront and admin pages, served by the store itself: an HTML page per URL, the
 * stylesheet and ES modules under `/assets/`, and the storefront's small config route. No
 * front-end build: what is in `web/` is what the browser gets.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { AppError } from '../http/errors.js';
import { sendProblem } from '../http/problem.js';
import { checkoutHelmet } from './checkout-csp.js';
import { PAGES } from './pages.js';
import { renderPages } from './shell.js';
import { storefrontConfig, storefrontConfigRoute } from './storefront-config.js';
import { ASSETS_ROOT } from './web-root.js';

const HTML = 'text/html; charset=utf-8';

/**
 * What an asset path may be: segments of plain characters, none starting with a dot. `send`
 * refuses `..` and dotfiles too, but as errors the store would answer 500; here they are 404,
 * like any other file that is not there.
 */
const ASSET_PATH = /^(?:[\w-][\w.-]*\/)*[\w-][\w.-]*$/;

/** Registers the pages, `/assets/*` and `GET /api/v1/storefront/config`. */
export async function webRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(assetRoutes, { prefix: '/assets' });
  await pageRoutes(app, ctx);
  storefrontConfigRoute(app, ctx);
}

/**
 * `/assets/*`, from `web/assets/` only (the templates beside it are not served). A plugin of
 * its own: `reply.sendFile` is decorated here and does not meet the copy of @fastify/static
 * that the docs page registers, and a missing file gets this plugin's plain 404. (The store's
 * global handler would see that the wildcard route exists for GET and answer 405.)
 */
async function assetRoutes(assets: FastifyInstance): Promise<void> {
  await assets.register(fastifyStatic, {
    root: ASSETS_ROOT,
    serve: false,
    // The store's own cache policy applies: no-cache, revalidated by ETag on every load.
    cacheControl: false,
    dotfiles: 'deny',
    index: false,
  });
  assets.setNotFoundHandler((_request, reply) => sendProblem(reply, new AppError('not_found')));

  assets.get<{ Params: { '*': string } }>(
    '/*',
    { config: { access: 'public' }, schema: { hide: true } },
    (request, reply) => {
      const path = request.params['*'];
      if (!ASSET_PATH.test(path)) throw new AppError('not_found');
      return reply.sendFile(path);
    },
  );
}

/** One route per page; every page is public, its data comes from the API. */
async function pageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const pages = await renderPages(PAGES);
  const checkoutOptions = checkoutHelmet(storefrontConfig(ctx)) ?? {};

  for (const page of pages) {
    const extra = page.spec.name === 'checkout' ? checkoutOptions : {};
    app.get(
      page.spec.path,
      { config: { access: 'public' }, schema: { hide: true }, ...extra },
      (_request, reply) => reply.type(HTML).send(page.html),
    );
  }
}
