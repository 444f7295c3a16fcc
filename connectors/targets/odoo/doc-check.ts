import { z } from 'zod';
import { json2ErrorSchema } from './json2';
import type { OdooExchange } from './sim-app';

/**
 * Every exchange with the simulator checked against what Odoo documents for its external API:
 * external_api.rst (JSON-2: request headers, a JSON object of named arguments plus `ids` and
 * `context`, the error body) and external_rpc_api.rst (XML-RPC: `authenticate(db, login, password,
 * {})`, `execute_kw(db, uid, password, model, method, args, kw)`), with the ORM's own rules for
 * domains (reference/orm, "Search domains") and x2many commands (Model.write).
 */

const operators = ['=', '!=', '>', '>=', '<', '<=', '=?', '=like', 'like', 'not like', 'ilike', 'not ilike', '=ilike', 'in', 'not in', 'child_of', 'parent_of', 'any', 'not any'] as const;
const leaf = z.tuple([z.string().regex(/^[a-z_][a-z0-9_.]*$/), z.enum(operators), z.unknown()]);
const domain = z.array(z.union([z.enum(['&', '|', '!']), leaf]));
const fields = z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/));
const ids = z.array(z.number().int().positive());
const context = z.record(z.string(), z.unknown());

/** x2many "create" commands; many2many "set" commands. */
const setCommand = z.tuple([z.literal(6), z.literal(0), ids.or(z.array(z.never()))]);
const lineValues = z.object({
  name: z.string(), quantity: z.number().positive(), price_unit: z.number(), tax_ids: z.array(setCommand).max(1), account_id: z.number().int().positive().optional(),
}).strict();
const moveValues = z.object({
  move_type: z.enum(['out_invoice', 'out_refund']), partner_id: z.number().int().positive(), journal_id: z.number().int().positive(), invoice_date: z.iso.date(),
  currency_id: z.number().int().positive(), ref: z.string().min(1), payment_reference: z.string().min(1), reversed_entry_id: z.number().int().positive().optional(), narration: z.string().min(1).optional(),
  invoice_line_ids: z.array(z.tuple([z.literal(0), z.literal(0), lineValues])).min(1),
}).strict();
const partnerValues = z.object({
  name: z.string().min(1), is_company: z.boolean(), email: z.string(), street: z.string(), zip: z.string(), city: z.string(), customer_rank: z.number().int(),
  country_id: z.number().int().positive().optional(), vat: z.string().optional(), ref: z.string().min(1),
}).strict();
/** A miscellaneous entry (vouchers redeemed): journal items with debit/credit (account.move.line). */
const money = z.number().nonnegative();
const itemValues = z.object({
  name: z.string().min(1), account_id: z.number().int().positive(), partner_id: z.number().int().positive(), currency_id: z.number().int().positive(),
  debit: money, credit: money, amount_currency: z.number(),
}).strict();
const entryValues = z.object({
  move_type: z.literal('entry'), journal_id: z.number().int().positive(), date: z.iso.date(), ref: z.string().min(1), partner_id: z.number().int().positive(),
  currency_id: z.number().int().positive(), line_ids: z.array(z.tuple([z.literal(0), z.literal(0), itemValues])).min(2),
}).strict();

/** The named arguments doorzet may send per method (Python signatures of Odoo's ORM and account.move). */
const namedArguments: Record<string, z.ZodType> = {
  search_read: z.object({ domain, fields, limit: z.number().int().positive().optional(), order: z.string().optional(), offset: z.number().int().optional() }).strict(),
  create: z.object({ vals_list: z.array(z.union([moveValues, entryValues, partnerValues])).length(1) }).strict(),
  action_post: z.object({}).strict(),
  reconcile: z.object({}).strict(),
  write: z.object({ vals: z.object({ active: z.literal(false) }).strict() }).strict(),
  context_get: z.object({}).strict(),
};

const json2Request = z.object({ ids: ids.optional(), context: context.optional() }).catchall(z.unknown());

const authenticateCall = z.tuple([z.literal('authenticate'), z.tuple([z.string().min(1), z.string().min(1), z.string().min(1), z.object({}).strict()])]);
const executeKwCall = z.tuple([z.literal('execute_kw'), z.tuple([z.string().min(1), z.number().int().positive(), z.string().min(1), z.string(), z.string(), z.array(z.unknown()), context])]);
const fault = z.object({ faultCode: z.number().int(), faultString: z.string() }).strict();

function xmlrpcArguments(method: string, args: unknown[], kw: Record<string, unknown>): z.ZodSafeParseResult<unknown> {
  const { context: _context, ...named } = kw;
  switch (method) {
    case 'search_read': return namedArguments.search_read!.safeParse({ domain: args[0], ...named });
    case 'create': return namedArguments.create!.safeParse({ vals_list: args });
    case 'action_post':
    case 'reconcile': return z.tuple([ids]).safeParse(args);
    case 'write': return namedArguments.write!.safeParse({ vals: args[1] });
    default: return z.never().safeParse(method);
  }
}

export interface DocCheck {
  onExchange: (exchange: OdooExchange) => void;
  violations: string[];
  /** e.g. `json2 account.move.create 200`, `xmlrpc object.execute_kw account.move.action_post ok`. */
  calls: string[];
}

export function createDocCheck(): DocCheck {
  const violations: string[] = [];
  const calls: string[] = [];
  const check = (what: string, result: { success: boolean; error?: z.ZodError }): void => {
    if (!result.success) violations.push(`${what}: ${result.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') ?? 'invalid'}`);
  };
  return {
    violations,
    calls,
    onExchange(exchange) {
      // The router's HTML 404 and a proxy's 502/503 are not Odoo's API answering: nothing to check.
      if (typeof exchange.response === 'string' && [404, 502, 503].includes(exchange.status)) {
        calls.push(`${exchange.transport} ${exchange.path} ${exchange.status} (not Odoo's API)`);
        return;
      }
      if (exchange.transport === 'json2') {
        const [, model = '', method = ''] = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(exchange.path) ?? [];
        const what = `json2 ${model}.${method}`;
        calls.push(`${what} ${exchange.status}`);
        if (!/^bearer \S+$/i.test(exchange.headers.get('authorization') ?? '')) violations.push(`${what}: Authorization is not "bearer <api key>"`);
        if (!/^application\/json/.test(exchange.headers.get('content-type') ?? '')) violations.push(`${what}: Content-Type is not application/json`);
        const request = json2Request.safeParse(exchange.request);
        check(`${what} request`, request);
        const { ids: _ids, context: _context, ...named } = (request.data ?? {}) as Record<string, unknown>;
        const allowed = namedArguments[method];
        if (allowed) check(`${what} arguments`, allowed.safeParse(named));
        else violations.push(`${what}: doorzet has no business calling ${method}`);
        if (exchange.status !== 200) check(`${what} error body`, json2ErrorSchema.safeParse(exchange.response));
        return;
      }
      const call = exchange.request as [string, unknown[]];
      const isFault = fault.safeParse(exchange.response).success;
      if (exchange.path === '/xmlrpc/2/common') {
        calls.push(`xmlrpc common.${call[0]} ${isFault ? 'fault' : 'ok'}`);
        check('xmlrpc common call', authenticateCall.safeParse(call));
      } else if (exchange.path === '/xmlrpc/2/object') {
        const parsed = executeKwCall.safeParse(call);
        check('xmlrpc object call', parsed);
        if (parsed.success) {
          const [, , , model, method, args, kw] = parsed.data[1];
          calls.push(`xmlrpc ${model}.${method} ${isFault ? 'fault' : 'ok'}`);
          check(`xmlrpc ${model}.${method} arguments`, xmlrpcArguments(method, args, kw));
        }
      } else violations.push(`xmlrpc: unexpected path ${exchange.path}`);
      if (exchange.status !== 200) violations.push(`xmlrpc ${exchange.path}: HTTP ${exchange.status} (faults travel as HTTP 200)`);
      if (typeof exchange.response === 'object' && exchange.response !== null && 'faultCode' in exchange.response) check('xmlrpc fault', fault.safeParse(exchange.response));
    },
  };
}
