import { z } from 'zod';
import { ConnectorError } from '../../errors';
import { createHttpClient, type RequestBudget } from '../../http';
import type { FailedResponse } from '../../http-errors';
import { connectorErrorOfFault } from './faults';
import type { OdooRpc } from './rpc';

/** The JSON-2 error body (external_api.rst, "Response"): `{name, message, arguments, context, debug}`. */
export const json2ErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  arguments: z.array(z.unknown()),
  context: z.record(z.string(), z.unknown()),
  debug: z.string(),
});

function json2VendorError(res: FailedResponse): ConnectorError | undefined {
  const parsed = json2ErrorSchema.safeParse(res.body);
  const where = `odoo json2 ${res.path.replace(/^.*\/json\/2\//, '').replace('/', '.')}`;
  if (parsed.success) return connectorErrorOfFault({ exception: parsed.data.name, message: parsed.data.message, status: res.status, where });
  if (res.status === 404) {
    // Not Odoo's JSON answer: no /json/2 route here (Odoo 17 or 18, a wrong address, or an unknown X-Odoo-Database).
    return new ConnectorError('VALIDATION', `${where}: HTTP 404 (no JSON-2 API at this address)`, {
      status: 404,
      issues: [{ code: 'no_json2_endpoint', path: 'baseUrl', message: 'no Odoo JSON-2 API at this address: check the URL and database, or use XML-RPC for Odoo 17 and 18' }],
    });
  }
  return undefined;
}

export interface Json2Options {
  baseUrl: string;
  apiKey: string;
  /** Sent as X-Odoo-Database when one server hosts several databases. */
  database?: string;
  timeoutMs?: number;
  /** The tenant's rate budget: asked before every request (each retry and read), told of every 429. */
  budget?: RequestBudget;
}

/** The JSON-2 API: `POST /json/2/<model>/<method>` with the method's arguments by name. */
export function createJson2Rpc(options: Json2Options): OdooRpc {
  const http = createHttpClient({
    vendor: 'odoo',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    budget: options.budget,
    headers: {
      authorization: `bearer ${options.apiKey}`,
      'user-agent': 'doorzet',
      ...(options.database ? { 'x-odoo-database': options.database } : {}),
    },
    vendorError: json2VendorError,
  });
  const call = async (model: string, method: string, body: Record<string, unknown>): Promise<unknown> =>
    (await http.request({ method: 'POST', path: `/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`, body })).body;

  return {
    searchRead: (model, domain, fields, opts = {}) =>
      call(model, 'search_read', { domain, fields, ...(opts.limit === undefined ? {} : { limit: opts.limit }), ...(opts.order ? { order: opts.order } : {}), ...(opts.context ? { context: opts.context } : {}) }),
    async create(model, values) {
      // create(vals_list) is @api.model_create_multi: JSON-2 answers the new records' ids.
      const ids = z.array(z.number().int()).length(1).safeParse(await call(model, 'create', { vals_list: [values] }));
      if (!ids.success) throw new ConnectorError('SERVER_ERROR', `odoo json2 ${model}.create: response is not one record id`);
      return ids.data[0] ?? 0;
    },
    callOnRecords: (model, method, ids) => call(model, method, { ids }),
    write: (model, ids, values) => call(model, 'write', { ids, vals: values }),
    async authenticate() {
      // The key's user, without touching business data (external_api.rst, "Common service").
      await call('res.users', 'context_get', {});
    },
  };
}
