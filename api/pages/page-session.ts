import type { Context, MiddlewareHandler } from 'hono';
import { hashToken } from '../../crypto/tokens';
import { findSessionUser, type SessionUser } from '../../db/queries/sessions';
import { getTenant } from '../../db/queries/tenants';
import type { ApiContext } from '../deps';
import { ApiError } from '../errors';
import { authorizeTenantAccess } from '../middleware/tenant-scope';
import { sessionTokenFrom } from '../session-cookie';
import { localeOf, type Locale } from './locale';
import { messages, type Messages } from './messages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the page middleware hands to page handlers. */
export interface PageEnv {
  Variables: {
    user: SessionUser;
    sessionHash: string;
    csrfToken: string;
    locale: Locale;
    t: Messages;
    tenant: { id: string; name: string; contractStartsOn: string | null; contractEndsOn: string | null };
  };
}

/** A per-session token for forms: derived from the session, so nothing extra is stored. */
export async function csrfTokenFor(sessionHash: string): Promise<string> {
  return (await hashToken(`csrf:${sessionHash}`)).slice(0, 43);
}

export function withLocale(): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    const locale = localeOf(c);
    c.set('locale', locale);
    c.set('t', messages(locale));
    await next();
  };
}

const loginRedirect = (c: Context) => c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);

/** The session cookie's user, else a redirect to the login page. */
export function requirePageSession(ctx: ApiContext): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    const token = sessionTokenFrom(c, true);
    if (!token || token.length > 100) return loginRedirect(c);
    const sessionHash = await hashToken(token);
    const user = await findSessionUser(ctx.db, sessionHash, ctx.now());
    if (!user) return loginRedirect(c);
    c.set('user', { id: user.id, email: user.email, role: user.role, tenantId: user.tenantId });
    c.set('sessionHash', sessionHash);
    c.set('csrfToken', await csrfTokenFor(sessionHash));
    await next();
  };
}

/** Form posts carry the session's CSRF token (besides the Origin check of hono's csrf middleware). */
export function requireCsrfToken(): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const body = await c.req.parseBody();
    if (body.csrf !== c.get('csrfToken')) throw new ApiError(403, 'CSRF', 'The form is stale; reload the page and try again.');
    await next();
  };
}

/**
 * /dashboard/:tenantId/*: the same rule as the JSON API (a tenant user only their own tenant, ops any,
 * and each ops page view goes into the tenant's access register).
 */
export function pageTenantScope(ctx: ApiContext): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    const tenantId = c.req.param('tenantId') ?? '';
    if (!UUID.test(tenantId)) return next(); // /dashboard/tenants, /dashboard/breaches: not a tenant's page
    const section = new URL(c.req.url).pathname.split('/')[3] ?? '';
    await authorizeTenantAccess(ctx, c.get('user'), tenantId, {
      action: `${c.req.method} /dashboard/:tenantId/${/^[a-z-]{1,30}$/.test(section) ? section : ''}`,
      reason: 'dashboard',
    });
    const tenant = await getTenant(ctx.db, tenantId);
    if (!tenant) throw new ApiError(404, 'NOT_FOUND', 'Not found.');
    c.set('tenant', { id: tenant.id, name: tenant.name, contractStartsOn: tenant.contractStartsOn, contractEndsOn: tenant.contractEndsOn });
    await next();
  };
}
