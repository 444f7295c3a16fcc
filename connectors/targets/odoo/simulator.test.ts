import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { json2ErrorSchema } from './json2';
import { startOdooSimulator } from './simulator';
import type { OdooSimulator, OdooSimulatorOptions } from './simulator';
import { decodeResponse, encodeCall, XmlRpcFault } from './xmlrpc-codec';
import type { OdooValue } from './rpc';

let sim: OdooSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function started(options: OdooSimulatorOptions = {}): Promise<OdooSimulator> {
  sim = await startOdooSimulator(options);
  return sim;
}

const json2 = (s: OdooSimulator, path: string, body: unknown, init: RequestInit = {}): Promise<Response> =>
  fetch(`${s.url}/json/2/${path}`, { method: 'POST', headers: { authorization: `bearer ${s.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body), ...init });

async function errorOf(res: Response): Promise<{ status: number; name: string; message: string }> {
  const body = json2ErrorSchema.parse(await res.json());
  return { status: res.status, name: body.name, message: body.message };
}

const invoice = (extra: Record<string, unknown> = {}) => ({
  move_type: 'out_invoice', partner_id: 25, invoice_date: '2026-03-01',
  invoice_line_ids: [[0, 0, { name: 'Mok', quantity: 2, price_unit: 12.4, tax_ids: [[6, 0, [1]]] }]], ...extra,
});

describe('Odoo simulator, JSON-2 (external_api.rst and json2.py)', () => {
  it('answers errors with the exception\'s status and the documented body', async () => {
    const s = await started();
    expect(await errorOf(await json2(s, 'res.partner/search_read', {}, { method: 'GET', body: undefined }))).toEqual({ status: 405, name: 'werkzeug.exceptions.MethodNotAllowed', message: 'The method is not allowed for the requested URL.' });
    expect(await errorOf(await json2(s, 'x.nope/search_read', {}))).toEqual({ status: 404, name: 'werkzeug.exceptions.NotFound', message: "the model 'x.nope' does not exist" });
    expect(await errorOf(await json2(s, 'res.partner/action_post', {}))).toEqual({ status: 404, name: 'werkzeug.exceptions.NotFound', message: "The method 'res.partner.action_post' does not exist" });
    expect(await errorOf(await json2(s, 'account.move/create', { ids: [1], vals_list: [] }))).toEqual({ status: 422, name: 'werkzeug.exceptions.UnprocessableEntity', message: 'cannot call account.move.create with ids' });
    expect(await errorOf(await json2(s, 'account.move/create', { vals_list: [], context_: {} }))).toMatchObject({ status: 422, message: "create() got an unexpected keyword argument 'context_'" });
    expect(await errorOf(await json2(s, 'res.partner/search_read', { domian: [] }))).toEqual({ status: 500, name: 'builtins.TypeError', message: "BaseModel.read() got an unexpected keyword argument 'domian'" });
    expect(await errorOf(await json2(s, 'account.move/create', {}))).toMatchObject({ status: 422, message: "create() missing 1 required positional argument: 'vals_list'" });
    expect(await errorOf(await json2(s, 'res.partner/search_read', { fields: ['nope'] }))).toEqual({ status: 500, name: 'builtins.ValueError', message: "Invalid field 'nope' on model 'res.partner'" });
    expect((await json2(s, 'res.partner/search_read', 'x')).status).toBe(400);
  });

  it('validates invoices as Odoo does: unknown tax, missing customer, no lines, posting twice, unknown record', async () => {
    const s = await started();
    const unknownTax = await errorOf(await json2(s, 'account.move/create', { vals_list: [invoice({ invoice_line_ids: [[0, 0, { name: 'x', quantity: 1, price_unit: 1, tax_ids: [[6, 0, [999]]] }]] })] }));
    expect(unknownTax).toMatchObject({ status: 422, name: 'odoo.exceptions.ValidationError' });
    expect(unknownTax.message).toContain('Constraint: account_move_line_account_tax_rel_account_tax_id_fkey');
    const post = async (values: Record<string, unknown>) => {
      const [id] = z.array(z.number()).parse(await (await json2(s, 'account.move/create', { vals_list: [values] })).json());
      return json2(s, 'account.move/action_post', { ids: [id] });
    };
    expect(await errorOf(await post(invoice({ partner_id: false })))).toEqual({ status: 422, name: 'odoo.exceptions.UserError', message: "The field 'Customer' is required, please complete it to validate the Customer Invoice." });
    expect(await errorOf(await post(invoice({ invoice_line_ids: [] })))).toMatchObject({ message: 'You need to add a line before posting.' });
    const ok = await post(invoice());
    expect(ok.status).toBe(200);
    expect(await ok.json()).toBe(false);
    const [posted] = s.moves().filter((m) => m.state === 'posted');
    expect(posted).toMatchObject({ name: 'INV/2026/00001', amountUntaxed: 24.8, amountTax: 5.21, amountTotal: 30.01 });
    expect(await errorOf(await json2(s, 'account.move/action_post', { ids: [posted?.id] }))).toMatchObject({ status: 422, message: `The entry INV/2026/00001 (id ${posted?.id}) is already posted.` });
    expect(await errorOf(await json2(s, 'account.move/action_post', { ids: [424242] }))).toMatchObject({ status: 404, name: 'odoo.exceptions.MissingError' });
  });

  it('refuses a missing or revoked key with the documented 401, and serves no JSON-2 before Odoo 19', async () => {
    const s = await started();
    expect((await fetch(`${s.url}/json/2/res.partner/search_read`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    s.revokeKey();
    expect(await errorOf(await json2(s, 'res.partner/search_read', {}))).toEqual({ status: 401, name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey' });
    await s.stop();
    const old = await started({ version: 18 });
    const res = await json2(old, 'res.partner/search_read', {});
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<title>404 Not Found</title>');
  });

  it('answers an access right the user lacks with 403 and Odoo\'s message naming the groups', async () => {
    const s = await started();
    s.deny('account.move:create');
    const error = await errorOf(await json2(s, 'account.move/create', { vals_list: [invoice()] }));
    expect(error).toEqual({
      status: 403, name: 'odoo.exceptions.AccessError',
      message: "You are not allowed to create 'Journal Entry' (account.move) records.\n\nThis operation is allowed for the following groups:\n\t- Accounting / Billing\n\nContact your administrator to request access if necessary.",
    });
  });
});

describe('Odoo simulator, XML-RPC (external_rpc_api.rst and rpc.py)', () => {
  const rpc = async (s: OdooSimulator, service: string, method: string, params: OdooValue[]): Promise<unknown> => {
    const res = await fetch(`${s.url}/xmlrpc/2/${service}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: encodeCall(method, params) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    return decodeResponse(await res.text()).catch((e: unknown) => e);
  };
  const kw = (s: OdooSimulator, model: string, method: string, args: OdooValue[], kwargs: Record<string, OdooValue> = {}) =>
    rpc(s, 'object', 'execute_kw', [s.database, 2, s.apiKey, model, method, args, kwargs]);
  const faultOf = (value: unknown) => (value instanceof XmlRpcFault ? { code: value.faultCode, text: value.faultString } : value);

  it('authenticates to a uid, or False', async () => {
    const s = await started({ version: 17 });
    expect(await rpc(s, 'common', 'authenticate', [s.database, s.login, s.apiKey, {}])).toBe(2);
    expect(await rpc(s, 'common', 'authenticate', [s.database, s.login, 'wrong', {}])).toBe(false);
    const missing = faultOf(await rpc(s, 'common', 'authenticate', ['other', s.login, s.apiKey, {}])) as { code: number; text: string };
    expect(missing.code).toBe(1);
    expect(missing.text).toContain('database "other" does not exist');
  });

  it('answers faults with rpc.py\'s codes: 3 access denied, 4 access error, 2 user errors, 1 with a traceback', async () => {
    const s = await started({ version: 18 });
    expect(faultOf(await rpc(s, 'object', 'execute_kw', [s.database, 2, 'wrong', 'res.partner', 'search_read', [[]], {}]))).toEqual({ code: 3, text: 'Access Denied' });
    s.deny('res.partner:read');
    const denied = faultOf(await kw(s, 'res.partner', 'search_read', [[]])) as { code: number; text: string };
    expect(denied.code).toBe(4);
    expect(denied.text).toContain("You are not allowed to access 'Contact' (res.partner) records.");
    expect(faultOf(await kw(s, 'x.nope', 'search_read', [[]]))).toEqual({ code: 2, text: "Object x.nope doesn't exist" });
    expect(faultOf(await kw(s, 'account.tax', 'search_read', [[]], { fields: ['price_include_override'] }))).not.toBeInstanceOf(XmlRpcFault);
    const invalid = faultOf(await kw(s, 'account.tax', 'search_read', [[]], { fields: ['nope'] })) as { code: number; text: string };
    expect(invalid.code).toBe(1);
    expect(invalid.text).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*\nValueError: Invalid field 'nope' on model 'account.tax'\n$/);
  });

  it('knows which fields each version has: price_include_override from 18, stored price_include on 17', async () => {
    const s17 = await started({ version: 17 });
    expect(faultOf(await kw(s17, 'account.tax', 'search_read', [[]], { fields: ['price_include_override'], limit: 1 }))).toMatchObject({ code: 1 });
    expect(await kw(s17, 'account.tax', 'search_read', [[['name', '=', '21% BTW incl.']]], { fields: ['price_include'] })).toEqual([{ id: 14, price_include: true }]);
    await s17.stop();
    const s19 = await started({ version: 19 });
    expect(await kw(s19, 'account.tax', 'search_read', [[['name', '=', '21% BTW incl.']]], { fields: ['price_include', 'price_include_override'] }))
      .toEqual([{ id: 14, price_include: true, price_include_override: 'tax_included' }]);
  });

  it('creates with one dict to one id, and posts on [ids]', async () => {
    const s = await started({ version: 17 });
    const id = await kw(s, 'account.move', 'create', [invoice()]);
    expect(typeof id).toBe('number');
    expect(await kw(s, 'account.move', 'action_post', [[id as number]])).toBe(false);
    expect(s.moves()[0]).toMatchObject({ state: 'posted', amountTotal: 30.01 });
  });
});
