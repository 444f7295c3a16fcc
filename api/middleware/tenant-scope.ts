import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { appendAccess } from '../../db/queries/access-register';
import type { SessionUser } from '../../db/queries/sessions';
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
 * Whether `user` may reach `tenantId`: a tenant user only their own tenant (any other is a plain 404,
 * the same as a missing one); an ops user any existing tenant, and each such access is appended to the
 * tenant's access register. Shared by the JSON routes and the dashboard pages.
 */
export async function authorizeTenantAccess(ctx: ApiContext, user: SessionUser, rawTenantId: string, access: { action: string; reason: string }): Promise<void> {
  // Compared and recorded in the canonical (lower-case) spelling; the routes' params are canonicalised too.
  const tenantId = rawTenantId.toLowerCase();
  if (user.role !== 'ops') {
    if (tenantId !== user.tenantId) throw notFound();
    return;
  }
  if (!UUID.test(tenantId)) throw fieldError('tenantId', 'Invalid UUID');
  if (!(await tenantExists(ctx.db, tenantId))) throw notFound();
  await appendAccess(ctx.db, { tenantId, actor: opsActor(user.id), action: access.action, reason: access.reason });
}

/** Every /tenants/:tenantId/* request goes through authorizeTenantAccess. */
export function tenantScope(ctx: ApiContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await authorizeTenantAccess(ctx, c.get('user'), c.req.param('tenantId') ?? '', {
      action: `${c.req.method} ${routePath(c, -1)}`,
      reason: accessReason(c.req.header('x-access-reason')),
    });
    await next();
  };
}
