import { createMove, postMoves } from './sim-moves';
import { read, search } from './sim-orm';
import type { Context, SimDatabase } from './sim-orm';
import { createPartner, writePartners } from './sim-partners';
import { reconcileLines } from './sim-ledger';
import { typeError, werkzeug } from './sim-errors';
import { fieldOf, MODELS } from './sim-models';

/** A public method as Python declares it: parameters after `self`, which are required, and whether it is @api.model. */
interface MethodSpec {
  params: readonly string[];
  required: readonly string[];
  apiModel: boolean;
  /** `**kwargs` (search_read passes them to read). */
  varKw?: boolean;
  models?: readonly string[];
  run: (db: SimDatabase, model: string, ids: number[], args: Record<string, unknown>, context: Context) => unknown;
}

const METHODS: Record<string, MethodSpec> = {
  search_read: {
    params: ['domain', 'fields', 'offset', 'limit', 'order'], required: [], apiModel: true, varKw: true,
    run: (db, model, _ids, a, context) => {
      // **read_kwargs go on to read(fields, load): anything else fails there, inside the call.
      const extra = Object.keys(a).find((k) => !['domain', 'fields', 'offset', 'limit', 'order', 'load'].includes(k));
      if (extra) throw typeError(`BaseModel.read() got an unexpected keyword argument '${extra}'`);
      return read(db, model, search(db, model, a.domain, { offset: a.offset, limit: a.limit, order: a.order, context }), a.fields);
    },
  },
  search: {
    params: ['domain', 'offset', 'limit', 'order'], required: ['domain'], apiModel: true,
    run: (db, model, _ids, a, context) => search(db, model, a.domain, { offset: a.offset, limit: a.limit, order: a.order, context }),
  },
  search_count: { params: ['domain', 'limit'], required: ['domain'], apiModel: true, run: (db, model, _ids, a, context) => search(db, model, a.domain, { limit: a.limit, context }).length },
  read: { params: ['fields', 'load'], required: [], apiModel: false, run: (db, model, ids, a) => read(db, model, ids, a.fields) },
  create: {
    params: ['vals_list'], required: ['vals_list'], apiModel: true,
    run: (db, model, _ids, a) => {
      // @api.model_create_multi: a dict creates one record, a list several.
      const many = Array.isArray(a.vals_list);
      const list = (many ? a.vals_list : [a.vals_list]) as unknown[];
      const ids = list.map((vals) => (model === 'account.move' ? createMove(db, vals) : model === 'res.partner' ? createPartner(db, vals) : (() => {
        throw werkzeug('NotFound', 404, `The method '${model}.create' is not available in this simulator`);
      })()));
      return many ? ids : ids[0];
    },
  },
  action_post: { params: [], required: [], apiModel: false, models: ['account.move'], run: (db, _model, ids) => postMoves(db, ids) },
  reconcile: { params: [], required: [], apiModel: false, models: ['account.move.line'], run: (db, _model, ids) => reconcileLines(db, ids) },
  write: { params: ['vals'], required: ['vals'], apiModel: false, models: ['res.partner'], run: (db, _model, ids, a) => writePartners(db, ids, a.vals) },
  context_get: { params: [], required: [], apiModel: true, models: ['res.users'], run: () => ({ lang: 'en_US', tz: 'Europe/Amsterdam', uid: 2 }) },
  fields_get: {
    params: ['allfields', 'attributes'], required: [], apiModel: true,
    run: (db, model, _ids, a) => Object.fromEntries(Object.entries(MODELS[model]?.fields ?? {})
      .filter(([name]) => fieldOf(model, name, db.version) && (!Array.isArray(a.allfields) || a.allfields.length === 0 || a.allfields.includes(name)))
      .map(([name, spec]) => [name, { type: spec.type, string: name.replace(/_/g, ' ') }])),
  },
};

/** Python's own TypeError texts for a call that does not fit the signature. */
function bind(method: string, spec: MethodSpec, positional: readonly unknown[], named: Record<string, unknown>): Record<string, unknown> {
  if (positional.length > spec.params.length) {
    throw typeError(`${method}() takes from 1 to ${spec.params.length + 1} positional arguments but ${positional.length + 1} were given`);
  }
  const bound: Record<string, unknown> = {};
  spec.params.forEach((name, i) => {
    if (i < positional.length) bound[name] = positional[i];
  });
  for (const [name, value] of Object.entries(named)) {
    if (!spec.params.includes(name) && !spec.varKw) throw typeError(`${method}() got an unexpected keyword argument '${name}'`);
    if (name in bound) throw typeError(`${method}() got multiple values for argument '${name}'`);
    bound[name] = value;
  }
  const missing = spec.required.filter((name) => !(name in bound));
  if (missing.length > 0) throw typeError(`${method}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `'${m}'`).join(' and ')}`);
  return bound;
}

export interface SimCall {
  model: string;
  method: string;
  ids: number[];
  positional: unknown[];
  named: Record<string, unknown>;
  context: Context;
}

/** Whether a call changes data (for the fault switch that withholds answers to committed writes). */
export const isWrite = (method: string): boolean => ['create', 'write', 'unlink', 'action_post', 'reconcile'].includes(method);

/** The method a call names, or Odoo's 404 for an unknown model or method (json2.py, get_public_method). */
export function methodOf(db: SimDatabase, model: string, method: string): MethodSpec {
  if (!MODELS[model]) throw werkzeug('NotFound', 404, `the model '${model}' does not exist`);
  if (method.startsWith('_')) throw werkzeug('NotFound', 404, `Private methods (such as '${model}.${method}') cannot be called remotely.`);
  const spec = METHODS[method];
  if (!spec || (spec.models && !spec.models.includes(model))) throw werkzeug('NotFound', 404, `The method '${model}.${method}' does not exist`);
  void db;
  return spec;
}

/** Runs one ORM call after binding its arguments; `onBindError` turns a TypeError into the protocol's answer. */
export function dispatch(db: SimDatabase, call: SimCall, onBindError: (error: Error) => Error = (e) => e): unknown {
  const spec = methodOf(db, call.model, call.method);
  if (spec.apiModel && call.ids.length > 0) throw werkzeug('UnprocessableEntity', 422, `cannot call ${call.model}.${call.method} with ids`);
  let args: Record<string, unknown>;
  try {
    args = bind(call.method, spec, call.positional, call.named);
  } catch (error) {
    throw onBindError(error as Error);
  }
  return spec.run(db, call.model, call.ids.map(Number), args, call.context);
}
