import { ConnectorError } from '../../errors';
import { createHttpClient, type RequestBudget } from '../../http';
import { unusableResponse } from '../../http-errors';
import { connectorErrorOfFault, faultException } from './faults';
import type { OdooRpc, OdooValue } from './rpc';
import { decodeResponse, encodeCall, XmlRpcFault } from './xmlrpc-codec';

export interface XmlRpcOptions {
  baseUrl: string;
  database: string;
  login: string;
  /** An API key, used where the RPC API takes the password (external_rpc_api.rst, "API Keys"). */
  apiKey: string;
  timeoutMs?: number;
  /** The tenant's rate budget: asked before every request (each retry and read), told of every 429. */
  budget?: RequestBudget;
}

/**
 * Odoo's XML-RPC API (deprecated in 19, the only external API of 17 and 18): `common.authenticate`
 * once for the user id, then `object.execute_kw(db, uid, key, model, method, args, kwargs)`.
 */
export function createXmlRpc(options: XmlRpcOptions): OdooRpc {
  const http = createHttpClient({
    vendor: 'odoo',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    budget: options.budget,
    headers: { accept: 'text/xml', 'user-agent': 'doorzet' },
  });

  async function rpc(service: 'common' | 'object', method: string, params: OdooValue[], what: string, isWrite: boolean): Promise<unknown> {
    const res = await http.request({ method: 'POST', path: `/xmlrpc/2/${service}`, rawBody: { contentType: 'text/xml', text: encodeCall(method, params) } });
    const where = `odoo xmlrpc ${what}`;
    if (typeof res.body !== 'string') throw unusableResponse(where);
    try {
      return await decodeResponse(res.body);
    } catch (error) {
      if (error instanceof XmlRpcFault) {
        const { exception, message } = faultException(error.faultCode, error.faultString ?? '');
        // rpc.py marshals with allow_none=False: a method that returned None (reconcile) fails only
        // in the marshalling, after service/model.py committed the call. It succeeded.
        if (exception.split('.').at(-1) === 'TypeError' && /cannot marshal None/.test(message)) return null;
        throw connectorErrorOfFault({ exception, message, status: res.status, where });
      }
      // A 200 that is not XML-RPC (a proxy's page): the call may or may not have reached Odoo.
      const failure = unusableResponse(where);
      throw isWrite ? new ConnectorError(failure.code, failure.message, { ambiguous: true }) : failure;
    }
  }

  let uid: Promise<number> | null = null;
  const userId = (): Promise<number> => {
    uid ??= (async () => {
      const result = await rpc('common', 'authenticate', [options.database, options.login, options.apiKey, {}], 'common.authenticate', false);
      if (typeof result !== 'number' || !Number.isInteger(result) || result <= 0) {
        throw new ConnectorError('AUTH_REVOKED', 'odoo xmlrpc common.authenticate: Odoo refused the login and API key');
      }
      return result;
    })();
    uid.catch(() => void (uid = null));
    return uid;
  };

  const executeKw = async (model: string, method: string, args: OdooValue[], kwargs: Record<string, OdooValue>, isWrite: boolean): Promise<unknown> =>
    rpc('object', 'execute_kw', [options.database, await userId(), options.apiKey, model, method, args, kwargs], `${model}.${method}`, isWrite);

  return {
    searchRead: (model, domain, fields, opts = {}) =>
      executeKw(model, 'search_read', [domain], {
        fields, ...(opts.limit === undefined ? {} : { limit: opts.limit }), ...(opts.order ? { order: opts.order } : {}), ...(opts.context ? { context: opts.context } : {}),
      }, false),
    async create(model, values) {
      // One dict in, one id out (model_create_multi answers a single id for a single dict).
      const id = await executeKw(model, 'create', [values], {}, true);
      const single: unknown = Array.isArray(id) && id.length === 1 ? (id as unknown[])[0] : id;
      if (typeof single !== 'number' || !Number.isInteger(single)) throw new ConnectorError('SERVER_ERROR', `odoo xmlrpc ${model}.create: response is not a record id`, { ambiguous: true });
      return single;
    },
    callOnRecords: (model, method, ids) => executeKw(model, method, [ids], {}, true),
    write: (model, ids, values) => executeKw(model, 'write', [ids, values], {}, true),
    async authenticate() {
      await userId();
    },
  };
}
