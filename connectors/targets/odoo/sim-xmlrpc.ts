import type { Context as HonoContext } from 'hono';
import { RPC_FAULT_CODE } from './faults';
import { dispatch, isWrite, methodOf } from './sim-methods';
import { MODELS } from './sim-models';
import type { SimDatabase } from './sim-orm';
import { OdooSimError, tracebackOf, userError } from './sim-errors';
import type { SimAppEnv } from './sim-types';
import { decodeCall, encodeFault, encodeResponse } from './xmlrpc-codec';
import type { OdooValue } from './rpc';

export interface XmlRpcAuth {
  login: string;
  apiKey: () => string | null;
}

/** odoo/addons/base/controllers/rpc.py `xmlrpc_handle_exception_int`: the fault /xmlrpc/2 answers. */
export function faultOf(error: OdooSimError): { code: number; text: string } {
  const name = error.exception.split('.').at(-1) ?? '';
  if (name === 'AccessError') return { code: RPC_FAULT_CODE.ACCESS_ERROR, text: error.message };
  if (name === 'AccessDenied') return { code: RPC_FAULT_CODE.ACCESS_DENIED, text: error.message };
  if (error.exception.startsWith('odoo.exceptions.')) return { code: RPC_FAULT_CODE.WARNING, text: error.message };
  return { code: RPC_FAULT_CODE.APPLICATION_ERROR, text: tracebackOf(error) };
}

const missingDatabase = (name: string): OdooSimError =>
  new OdooSimError('psycopg2.OperationalError', `connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "${name}" does not exist`, 500);

function version(db: SimDatabase): OdooValue {
  const serie = `${db.version}.0`;
  return { server_version: serie, server_version_info: [db.version, 0, 0, 'final', 0, ''], server_serie: serie, protocol_version: 1 };
}

/** `common.authenticate(db, login, password, user_agent_env)`: the user id, or False. */
function authenticate(db: SimDatabase, auth: XmlRpcAuth, params: unknown[]): OdooValue {
  const [database, login, password] = params;
  if (database !== db.name) throw missingDatabase(String(database));
  return login === auth.login && password === auth.apiKey() && auth.apiKey() !== null ? db.uid : false;
}

/** `object.execute_kw(db, uid, password, model, method, args, kw)` as odoo/service/model.py dispatches it. */
function executeKw(c: HonoContext<SimAppEnv>, db: SimDatabase, auth: XmlRpcAuth, params: unknown[]): OdooValue {
  const [database, uid, password, model, method, args = [], kw = {}] = params as [unknown, unknown, unknown, string, string, unknown[], Record<string, unknown>];
  if (database !== db.name) throw missingDatabase(String(database));
  if (uid !== db.uid || password !== auth.apiKey() || auth.apiKey() === null) {
    c.set('authFailure', true);
    throw new OdooSimError('odoo.exceptions.AccessDenied', 'Access Denied', 403);
  }
  c.set('call', `${String(model)}.${String(method)}`);
  c.set('write', isWrite(String(method)));
  if (!MODELS[model]) throw userError(`Object ${model} doesn't exist`);
  let spec;
  try {
    spec = methodOf(db, model, method);
  } catch {
    throw new OdooSimError('builtins.AttributeError', `The method '${model}.${method}' does not exist`, 500);
  }
  const { context = {}, ...named } = kw;
  // api.call_kw: records methods take their ids from the first positional argument.
  const ids = spec.apiModel ? [] : (Array.isArray(args[0]) ? args[0] : [args[0]]) as number[];
  const positional = spec.apiModel ? args : args.slice(1);
  return dispatch(db, { model, method, ids, positional, named, context: context as Record<string, unknown> }) as OdooValue;
}

/** `POST /xmlrpc/2/<service>`: a methodCall in, a methodResponse or a fault out (always HTTP 200, text/xml). */
export async function handleXmlRpc(c: HonoContext<SimAppEnv>, db: SimDatabase, auth: XmlRpcAuth): Promise<Response> {
  const service = c.req.param('service');
  const respond = (xml: string): Response => c.body(xml, 200, { 'content-type': 'text/xml; charset=utf-8' });
  let method: string;
  let params: unknown[];
  try {
    [method, params] = await decodeCall(await c.req.text());
  } catch (error) {
    return respond(encodeFault(RPC_FAULT_CODE.APPLICATION_ERROR, tracebackOf(new OdooSimError('xml.parsers.expat.ExpatError', (error as Error).message, 500))));
  }
  try {
    let result: OdooValue;
    if (service === 'common' && method === 'version') result = version(db);
    else if (service === 'common' && (method === 'authenticate' || method === 'login')) result = authenticate(db, auth, params);
    else if (service === 'object' && method === 'execute_kw') result = executeKw(c, db, auth, params);
    else if (service === 'object' && method === 'execute') result = executeKw(c, db, auth, [...params.slice(0, 5), params.slice(5), {}]);
    else throw new OdooSimError('builtins.NameError', `Method not available ${method}`, 500);
    // rpc.py marshals with allow_none=False: a method that returns None (reconcile) fails here,
    // after service/model.py `execute` has committed its transaction.
    if (result === null || result === undefined) throw new OdooSimError('builtins.TypeError', 'cannot marshal None unless allow_none is enabled', 500);
    return respond(encodeResponse(result));
  } catch (error) {
    if (!(error instanceof OdooSimError)) throw error;
    const fault = faultOf(error);
    return respond(encodeFault(fault.code, fault.text));
  }
}
