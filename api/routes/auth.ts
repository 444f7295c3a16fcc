import { createRoute, z } from '@hono/zod-openapi';
import { hashPassword, needsRehash, verifyPassword } from '../../crypto/password';
import { hashToken, newSessionToken } from '../../crypto/tokens';
import { deleteExpiredSessions, deleteSession, insertSession } from '../../db/queries/sessions';
import { findUserForLogin, updatePasswordHash } from '../../db/queries/users';
import type { ApiContext } from '../deps';
import { ApiError } from '../errors';
import { accountKeyOf, assertUnlocked, networkKey, recordFailure, recordSuccess } from '../login-throttle';
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

const invalidCredentials = () => new ApiError(401, 'INVALID_CREDENTIALS', 'invalid credentials');

export function authRoutes(ctx: ApiContext) {
  // Unknown accounts still pay for one argon2 verification, so timing does not tell them apart.
  let dummyHash: Promise<string> | null = null;
  const dummy = () => (dummyHash ??= hashPassword('doorzet-dummy-Password-1!', ctx.passwordHashParams));

  return createRouter()
    .openapi(login, async (c) => {
      const { email, accountKey, password } = c.req.valid('json');
      const ip = networkKey(ctx.clientIp(c));
      const user = await findUserForLogin(ctx.db, email, accountKey);
      if (!user) {
        // Unknown credentials: refused at once while the network is locked, else counted against the network.
        await assertUnlocked(ctx, ip);
        await verifyPassword(await dummy(), password); // the same cost as a known account
        await recordFailure(ctx, { account: null, ip });
        throw invalidCredentials();
      }
      // The e-mail and account key match: only this account's own lock applies, never the network's.
      const keys = { account: accountKeyOf(user.id), ip };
      await assertUnlocked(ctx, keys.account);
      if (!(await verifyPassword(user.passwordHash, password))) {
        await recordFailure(ctx, keys);
        throw invalidCredentials();
      }
      await recordSuccess(ctx, keys);
      if (await needsRehash(user.passwordHash, ctx.passwordHashParams)) {
        await updatePasswordHash(ctx.db, user.id, await hashPassword(password, ctx.passwordHashParams));
      }
      const now = ctx.now();
      await deleteExpiredSessions(ctx.db, user.id, now);
      const token = await newSessionToken();
      const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
      await insertSession(ctx.db, { tokenHash: await hashToken(token), userId: user.id, expiresAt });
      setSessionCookie(c, token, expiresAt, ctx.config.publicUrl);
      return c.json({
        token,
        expiresAt: expiresAt.toISOString(),
        user: { id: user.id, email: user.email, role: user.role, tenantId: user.tenantId },
      }, 200);
    })
    .openapi(logout, async (c) => {
      await deleteSession(ctx.db, c.get('sessionHash'));
      clearSessionCookie(c);
      return c.body(null, 204);
    });
}
