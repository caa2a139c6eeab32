/** `/api/v1/auth/*` and `/api/v1/me`: register, login, logout and who am I. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { actorOf, eventContext } from '../access/access-control.js';
import { clearSessionCookies, setSessionCookies, type CookiePolicy } from '../access/cookies.js';
import type { AppContext } from '../app-context.js';
import { AppError } from '../http/errors.js';
import { EmptyBody, problems, Timestamp } from '../http/schemas.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';
import { userView, type User } from './users.js';

const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    role: Type.Union([Type.Literal('customer'), Type.Literal('admin')]),
    created_at: Timestamp,
  },
  { $id: 'User' },
);

const Credentials = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH }),
  },
  { additionalProperties: false },
);

const SignedInSchema = Type.Object({ user: UserSchema, token: Type.String() });

export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  const cookiePolicy: CookiePolicy = {
    secure: ctx.config.publicUrl.startsWith('https://'),
    maxAgeSeconds: ctx.config.sessions.absoluteHours * 3600,
  };
  const signedIn = (reply: FastifyReply, user: User, token: string) => {
    setSessionCookies(reply, token, cookiePolicy);
    return { user: userView(user), token };
  };

  app.post<{ Body: { email: string; password: string } }>(
    '/api/v1/auth/register',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Create a customer account and sign in',
        body: Credentials,
        response: { 201: SignedInSchema, ...problems(400, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const { user, token } = await ctx.accounts.register(email, password, eventContext(request));
      return reply.code(201).send(signedIn(reply, user, token));
    },
  );

  app.post<{ Body: { email: string; password: string } }>(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in; a wrong email and a wrong password answer alike',
        body: Credentials,
        response: { 200: SignedInSchema, ...problems(400, 401, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const { user, token } = await ctx.accounts.login(email, password, eventContext(request));
      return signedIn(reply, user, token);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['accounts'],
        summary: 'End this session; its token is dead from then on',
        body: EmptyBody,
        response: { 204: Type.Null(), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      await ctx.accounts.logout(actorOf(request), eventContext(request));
      clearSessionCookies(reply, cookiePolicy);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in user',
        response: { 200: Type.Object({ user: UserSchema }), ...problems(401) },
      },
    },
    async (request) => {
      const user = await ctx.users.findById(actorOf(request).userId);
      if (user === null) throw new AppError('unauthenticated');
      return { user: userView(user) };
    },
  );
}
