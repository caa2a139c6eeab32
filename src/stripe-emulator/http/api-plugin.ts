/**
 * The authenticated part of the emulator: the Stripe API under `/v1` and the control routes under
 * `/_emulator`, both behind the same API key rule. The fail fault answers here, before any body
 * is read or anything is done, as an outage in front of Stripe would.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiError } from '../core/errors.js';
import type { ApiFaults } from '../faults/api-faults.js';
import { authenticate } from './auth.js';

const apiKeys = new WeakMap<FastifyRequest, string>();

/** The API key the request authenticated with; only inside an authenticated scope. */
export function apiKeyOf(request: FastifyRequest): string {
  const key = apiKeys.get(request);
  if (key === undefined) throw new Error('apiKeyOf called outside an authenticated route');
  return key;
}

export interface AuthenticatedScope {
  configuredKey: string | null;
  /** Present for the Stripe API, absent for the control routes (which never fail on purpose). */
  apiFaults?: ApiFaults;
}

/** Adds the authentication (and fail fault) hook to every route registered in `app`. */
export function authenticateRoutes(app: FastifyInstance, scope: AuthenticatedScope): void {
  app.addHook('onRequest', async (request) => {
    apiKeys.set(request, authenticate(request.headers.authorization, scope.configuredKey));
    if (scope.apiFaults?.takeFailure() === true) {
      throw apiError('An error occurred with our connection to Stripe. (injected by the emulator)');
    }
  });
}
