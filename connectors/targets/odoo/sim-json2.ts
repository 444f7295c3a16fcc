import type { Context as HonoContext } from 'hono';
import { dispatch, isWrite } from './sim-methods';
import type { SimDatabase } from './sim-orm';
import { OdooSimError, tracebackOf, werkzeug } from './sim-errors';
import type { SimAppEnv } from './sim-types';

/** The JSON-2 error body (external_api.rst, "Response"; json2.py `handle_error`). */
export function json2ErrorBody(error: OdooSimError, context: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: error.exception, message: error.message, arguments: error.args, context, debug: tracebackOf(error) };
}

/** werkzeug's HTML 404, what a server without the /json/2 route (Odoo 17, 18) or without that database answers. */
export const notFoundPage = '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n';

export interface Json2Auth {
  /** The API key that works now; null once revoked. */
  apiKey: () => string | null;
}

/**
 * `POST /json/2/<model>/<method>` (addons/web/controllers/json2.py): bearer API key, optional
 * X-Odoo-Database, a JSON object of named arguments plus `ids` and `context`; 200 with the return
 * value, or the error body with the exception's status.
 */
export async function handleJson2(c: HonoContext<SimAppEnv>, db: SimDatabase, auth: Json2Auth, multiDatabase: boolean): Promise<Response> {
  const database = c.req.header('x-odoo-database');
  if (db.version < 19 || (database !== undefined && database !== db.name) || (multiDatabase && database === undefined)) return c.html(notFoundPage, 404);
  const model = c.req.param('model') ?? '';
  const method = c.req.param('method') ?? '';
  c.set('call', `${model}.${method}`);
  const fail = (error: OdooSimError, context: Record<string, unknown> = {}): Response => c.json(json2ErrorBody(error, context), error.httpStatus as 400);
  const token = /^bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const key = auth.apiKey();
  if (!token || key === null || token !== key) {
    c.set('authFailure', true);
    return fail(werkzeug('Unauthorized', 401, 'Invalid apikey'));
  }
  if (c.req.method !== 'POST') return fail(werkzeug('MethodNotAllowed', 405, 'The method is not allowed for the requested URL.'));
  const text = await c.req.text();
  let body: Record<string, unknown> = {};
  if (text !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return fail(werkzeug('BadRequest', 400, `could not parse the body as json: ${(error as Error).message}`));
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail(werkzeug('BadRequest', 400, 'could not parse the body, expecting a json object'));
    body = parsed as Record<string, unknown>;
  }
  const { ids = [], context = {}, ...named } = body;
  c.set('write', isWrite(method));
  try {
    if (!Array.isArray(ids)) throw werkzeug('UnprocessableEntity', 422, 'ids must be a list of record ids');
    let result = dispatch(db, { model, method, ids: ids as number[], positional: [], named, context: context as Record<string, unknown> },
      (e) => werkzeug('UnprocessableEntity', 422, e.message));
    // json2.py: a recordset result goes out as its ids.
    if (method === 'create' && typeof result === 'number') result = [result];
    return c.json(result as object);
  } catch (error) {
    if (error instanceof OdooSimError) return fail(error, context as Record<string, unknown>);
    throw error;
  }
}
