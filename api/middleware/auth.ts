import type { MiddlewareHandler } from 'hono';
import { hashToken } from '../../crypto/tokens';
import { findSessionUser } from '../../db/queries/sessions';
import type { ApiContext } from '../deps';
import type { AppEnv } from '../env';
import { forbidden, unauthorized } from '../errors';
import { sessionTokenFrom } from '../session-cookie';

/** Requires an unexpired session (Bearer token; the session cookie too when `allowCookie`). */
export function requireSession(ctx: ApiContext, options: { allowCookie?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = sessionTokenFrom(c, options.allowCookie ?? false);
    // Tokens are 43 base64url characters; anything else is not worth a query.
    if (!token || token.length > 100) throw unauthorized();
    const tokenHash = await hashToken(token);
    const user = await findSessionUser(ctx.db, tokenHash, ctx.now());
    if (!user) throw unauthorized();
    c.set('user', { id: user.id, email: user.email, role: user.role, tenantId: user.tenantId });
    c.set('sessionHash', tokenHash);
    await next();
  };
}

export function requireOps(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('user').role !== 'ops') throw forbidden('Only ops users may do this.');
    await next();
  };
}
