/**
 * Answers for requests that match no route: 405 with `Allow` when the path exists under other
 * methods, 404 otherwise, both as problem details.
 *
 * Fastify answers 404 for a known path with a wrong method, so the routes are mirrored into a
 * second find-my-way router that is asked only on that miss path.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import Router from 'find-my-way';
import { AppError } from './errors.js';
import { sendProblem } from './problem.js';

type Method = Router.HTTPMethod;

const CHECKED_METHODS: Method[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function installNotFoundHandling(app: FastifyInstance): void {
  const mirror = Router();
  const noop = (): void => undefined;

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (
        CHECKED_METHODS.includes(method as Method) &&
        !mirror.hasRoute(method as Method, route.url)
      ) {
        mirror.on(method as Method, route.url, noop);
      }
    }
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = CHECKED_METHODS.filter((method) => mirror.find(method, path) !== null);
    // A route that exists for this very method and still found nothing (a static file that is
    // not there) is a 404; only a path known under other methods alone is a 405.
    if (allowed.length > 0 && !allowed.includes(request.method as Method)) {
      return sendProblem(
        reply,
        new AppError('method_not_allowed', { headers: { allow: allowed.join(', ') } }),
      );
    }
    return sendProblem(reply, new AppError('not_found'));
  });
}
