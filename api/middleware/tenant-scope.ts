import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { appendAccess } from '../../db/queries/access-register';
import { tenantExists } from '../../db/queries/tenants';
import type { ApiContext } from '../deps';
import type { AppEnv } from '../env';
import { fieldError, notFound } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const opsActor = (userId: string) => `ops:${userId}`;

/** The X-Access-Reason header, as the access register keeps it. */
export function accessReason(header: string | undefined, fallback = 'no reason given'): string {
  const reason = header?.trim().slice(0, 500);
  return reason ? reason : fallback;
}

/**
 * Every /tenants/:tenantId/* request: a tenant user reaches only their own tenant (any other is a
 * plain 404, the same as a missing one); an ops user reaches any existing tenant, and each such
 * access is appended to the tenant's access register.
 */
export function tenantScope(ctx: ApiContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Compared and recorded in the canonical (lower-case) spelling; the routes' params are canonicalised too.
    const tenantId = (c.req.param('tenantId') ?? '').toLowerCase();
    const user = c.get('user');
    if (user.role !== 'ops') {
      if (tenantId !== user.tenantId) throw notFound();
      return next();
    }
    if (!UUID.test(tenantId)) throw fieldError('tenantId', 'Invalid UUID');
    if (!(await tenantExists(ctx.db, tenantId))) throw notFound();
    await appendAccess(ctx.db, {
      tenantId,
      actor: opsActor(user.id),
      action: `${c.req.method} ${routePath(c, -1)}`,
      reason: accessReason(c.req.header('x-access-reason')),
    });
    await next();
  };
}
