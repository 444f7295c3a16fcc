import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import { routePattern } from './access-analytics';

/** One log line per request: method, route pattern, status, duration. No path ids, query, headers or body. */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info({
      method: c.req.method,
      route: routePattern(routePath(c)),
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    }, 'request');
  };
}
