import { createRoute, z } from '@hono/zod-openapi';
import { deleteSession } from '../../db/queries/sessions';
import type { ApiContext } from '../deps';
import { logIn } from '../login';
import { createRouter } from '../router';
import { bearer, ErrorBodySchema, errorResponses, jsonBody, jsonResponse } from '../schemas';
import { clearSessionCookie, setSessionCookie } from '../session-cookie';

const LoginSchema = z.object({
  email: z.email().max(254),
  accountKey: z.string().regex(/^[A-Za-z0-9]{32}$/, 'The account key is 32 letters and digits.'),
  password: z.string().min(1).max(1024),
}).openapi('Login');

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(['tenant', 'ops']),
  tenantId: z.uuid().nullable(),
}).openapi('User');

const SessionSchema = z.object({ token: z.string(), expiresAt: z.string(), user: UserSchema }).openapi('Session');

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Log in with e-mail, account key and password',
  request: { body: jsonBody(LoginSchema) },
  responses: {
    200: jsonResponse(SessionSchema, 'A session; the token also comes as an HttpOnly cookie for the codec endpoint'),
    400: errorResponses[400],
    401: jsonResponse(ErrorBodySchema, 'Invalid credentials (the same answer whatever was wrong)'),
    429: jsonResponse(ErrorBodySchema, 'Too many failed logins for this account (or, for credentials that match no account, this network); see Retry-After'),
  },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  security: bearer,
  responses: { 204: { description: 'The session is gone' }, 401: errorResponses[401] },
});

export function authRoutes(ctx: ApiContext) {
  return createRouter()
    // One login for this route and the dashboard's login page (api/login.ts).
    .openapi(login, async (c) => {
      const session = await logIn(ctx, c.req.valid('json'), ctx.clientIp(c));
      setSessionCookie(c, session.token, session.expiresAt, ctx.config.publicUrl);
      return c.json({ token: session.token, expiresAt: session.expiresAt.toISOString(), user: session.user }, 200);
    })
    .openapi(logout, async (c) => {
      await deleteSession(ctx.db, c.get('sessionHash'));
      clearSessionCookie(c);
      return c.body(null, 204);
    });
}
