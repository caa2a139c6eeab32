/**
 * The browser form of a session: the same token in an HttpOnly cookie, and beside it a
 * readable CSRF cookie whose value the page echoes in `X-CSRF-Token` on state-changing requests.
 */
import type { FastifyReply } from 'fastify';
import { csrfTokenFor } from '../accounts/tokens.js';

export const SESSION_COOKIE = 'webstore_session';
export const CSRF_COOKIE = 'webstore_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface CookiePolicy {
  /** Secure cookies when the store is served over https. */
  secure: boolean;
  maxAgeSeconds: number;
}

export function setSessionCookies(reply: FastifyReply, token: string, policy: CookiePolicy): void {
  const common = {
    path: '/',
    sameSite: 'lax' as const,
    secure: policy.secure,
    maxAge: policy.maxAgeSeconds,
  };
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrfTokenFor(token), { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, policy: CookiePolicy): void {
  const common = { path: '/', sameSite: 'lax' as const, secure: policy.secure };
  reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, common);
}
