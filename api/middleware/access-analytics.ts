import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { tryAnonymiseIp } from '../../domain/ip-address';
import type { ApiContext } from '../deps';

/** DNT: 1 (Do Not Track) or Sec-GPC: 1 (Global Privacy Control): the visitor asked not to be counted. */
export function optedOut(header: (name: string) => string | undefined): boolean {
  return header('dnt')?.trim() === '1' || header('sec-gpc')?.trim() === '1';
}

/** The route pattern that answered (`/tenants/:tenantId/sync`); unmatched paths are not recorded verbatim. */
export function routePattern(path: string): string {
  return path === '*' || path === '/*' ? '(unmatched)' : path;
}

/** Counts every request with the IP cut to its first 3 bytes, unless the visitor opted out (written in batches by the server: api/access-buffer.ts). */
export function accessAnalytics(ctx: ApiContext): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (optedOut((name) => c.req.header(name))) return;
    const ip = ctx.clientIp(c);
    try {
      await ctx.accessRecorder.record({
        ipPrefix: (ip && tryAnonymiseIp(ip)) ?? 'unknown',
        method: c.req.method,
        route: routePattern(routePath(c)),
        status: c.res.status,
      });
    } catch (error) {
      // Analytics never fails a request.
      ctx.logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'access analytics not recorded');
    }
  };
}
