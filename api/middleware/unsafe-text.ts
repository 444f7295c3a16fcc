import type { MiddlewareHandler } from 'hono';
import { findUnsafeText, hasUnsafeText } from '../../domain/text-safety';
import { ApiError } from '../errors';

const refused = (path: string) => new ApiError(400, 'VALIDATION', `Invalid request: ${path}.`, [
  { path, message: 'Contains a control character (for example U+0000) or an invalid character.' },
]);

/**
 * Control characters (U+0000 above all) and lone surrogates in a path, query or JSON body are refused
 * with a 400 naming the field, before any route: Postgres cannot store them, and a failed write would
 * put the body's values into an error log. Webhook bodies are the vendor's and are not checked here.
 */
export function refuseUnsafeText(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      throw refused('(path)');
    }
    if (hasUnsafeText(path)) throw refused('(path)');
    for (const [name, value] of url.searchParams) {
      if (hasUnsafeText(name) || hasUnsafeText(value, { allowLineBreaks: true })) throw refused(hasUnsafeText(name) ? '(query)' : name);
    }
    const json = c.req.header('content-type')?.includes('json') && !path.startsWith('/webhooks/') && !['GET', 'HEAD'].includes(c.req.method);
    if (json) {
      let body: unknown;
      try {
        body = await c.req.json(); // cached: the route's validator reads the same parse
      } catch {
        return next(); // not JSON: the route's validator answers
      }
      const at = findUnsafeText(body);
      if (at !== null) throw refused(at || '(body)');
    }
    return next();
  };
}
