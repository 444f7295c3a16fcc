import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDocCheck } from './doc-check';
import { connectorErrorOfFault, faultException } from './faults';
import { json2ErrorSchema } from './json2';
import { many2one } from './records';
import { startOdooSimulator } from './simulator';
import type { OdooSimulator } from './simulator';
import { decodeCall, decodeResponse, XmlRpcFault } from './xmlrpc-codec';

const dir = join(import.meta.dirname, 'fixtures');
const text = (name: string): string => readFileSync(join(dir, name), 'utf8');
const json = (name: string): unknown => JSON.parse(text(name)) as unknown;

const expected = z.object({
  calls: z.record(z.string(), z.tuple([z.array(z.unknown()), z.string()])),
  responses: z.record(z.string(), z.unknown()),
  faults: z.record(z.string(), z.object({ faultCode: z.number(), faultString: z.string() })),
}).parse(json('xmlrpc-expected.json'));

let sim: OdooSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('JSON-2 examples of external_api.rst', () => {
  const request = z.object({ method: z.literal('POST'), path: z.string(), headers: z.record(z.string(), z.string()), body: z.record(z.string(), z.unknown()) });

  it('the documented search_read request is a valid JSON-2 call that the simulator answers in the documented shape', async () => {
    const doc = request.parse(json('json2-search-read.request.json'));
    const docs = createDocCheck();
    sim = await startOdooSimulator({ version: 19, database: 'mycompany', onExchange: docs.onExchange });
    const res = await fetch(`${sim.url}${doc.path}`, { method: doc.method, headers: { ...doc.headers, Authorization: `bearer ${sim.apiKey}` }, body: JSON.stringify(doc.body) });
    expect(res.status).toBe(200);
    // The documented answer for this demo data: the one company whose name contains "deco".
    const documented = z.object({ status: z.literal(200), body: z.array(z.object({ id: z.number().int(), name: z.string() }).strict()) }).parse(json('json2-search-read.response.json'));
    expect(await res.json()).toEqual(documented.body);
    expect(docs.violations).toEqual([]);
  });

  it('the documented 401 body is the error schema doorzet reads, means revoked credentials, and is what the simulator sends', async () => {
    const doc = z.object({ status: z.literal(401), body: json2ErrorSchema }).parse(json('json2-invalid-apikey.response.json'));
    const error = connectorErrorOfFault({ exception: doc.body.name, message: doc.body.message, status: doc.status, where: 'odoo json2 res.partner.search_read' });
    expect(error.code).toBe('AUTH_REVOKED');
    sim = await startOdooSimulator({ version: 19 });
    const res = await fetch(`${sim.url}/json/2/res.partner/search_read`, { method: 'POST', headers: { authorization: 'bearer 0000', 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    const body = json2ErrorSchema.parse(await res.json());
    expect({ ...body, debug: '' }).toEqual({ ...doc.body, debug: '' });
    expect(body.debug).toMatch(/^Traceback \(most recent call last\):\n/);
  });

  it('the documented read call by ids is accepted, with its context and load arguments', async () => {
    const doc = request.omit({ headers: true }).parse(json('json2-read.request.json'));
    sim = await startOdooSimulator({ version: 19 });
    const res = await fetch(`${sim.url}${doc.path}`, { method: 'POST', headers: { authorization: `bearer ${sim.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(doc.body) });
    expect(res.status).toBe(200);
    expect(z.array(z.object({ id: z.number(), name: z.string() }).strict()).parse(await res.json()).map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('GET /web/version answers as documented', async () => {
    const doc = z.object({ path: z.literal('/web/version'), response: z.object({ body: z.object({ version_info: z.array(z.union([z.number(), z.string()])), version: z.string() }).strict() }) }).parse(json('web-version.json'));
    sim = await startOdooSimulator({ version: 19 });
    expect(await (await fetch(`${sim.url}${doc.path}`)).json()).toEqual(doc.response.body);
  });
});

describe('XML-RPC examples of external_rpc_api.rst (as Python\'s xmlrpc.client puts them on the wire)', () => {
  it('every documented call decodes to its documented parameters', async () => {
    for (const [file, [params, method]] of Object.entries(expected.calls)) {
      expect(await decodeCall(text(file)), file).toEqual([method, params]);
    }
  });

  it('every documented result decodes to the documented value, and search_read rows fit the record shapes doorzet reads', async () => {
    for (const [file, value] of Object.entries(expected.responses)) expect(await decodeResponse(text(file)), file).toEqual(value);
    const rows = z.array(z.object({ id: z.number().int(), name: z.string(), country_id: many2one, comment: z.union([z.string(), z.literal(false)]) }).strict()).parse(await decodeResponse(text('search-read.response.xml')));
    expect(rows[0]?.country_id).toEqual([21, 'Belgium']);
  });

  it('every fault decodes to its code and text and maps onto the error doorzet acts on', async () => {
    const codes: Record<string, string> = {
      'fault-access-denied.xml': 'AUTH_REVOKED', 'fault-access-error.xml': 'MISSING_SCOPE', 'fault-user-error.xml': 'VALIDATION', 'fault-value-error.xml': 'VALIDATION',
    };
    for (const [file, fault] of Object.entries(expected.faults)) {
      const error = await decodeResponse(text(file)).then(() => null, (e: unknown) => e);
      expect(error, file).toBeInstanceOf(XmlRpcFault);
      const { faultCode, faultString } = error as XmlRpcFault;
      expect({ faultCode, faultString }).toEqual(fault);
      const { exception, message } = faultException(faultCode, faultString ?? '');
      expect(connectorErrorOfFault({ exception, message, status: 200, where: 'odoo xmlrpc test' }).code, file).toBe(codes[file]);
    }
  });

  it('the simulator takes the documented Python calls as they are and answers in the documented shapes', async () => {
    const docs = createDocCheck();
    sim = await startOdooSimulator({ version: 17, database: 'mycompany', onExchange: docs.onExchange });
    const post = async (service: string, file: string): Promise<string> => {
      const body = text(file).replace('6578616d706c65206a736f6e20617069206b6579', sim?.apiKey ?? '');
      const res = await fetch(`${sim?.url ?? ''}/xmlrpc/2/${service}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
      expect(res.status).toBe(200);
      return res.text();
    };
    expect(z.object({ server_serie: z.literal('17.0'), protocol_version: z.literal(1) }).loose().parse(await decodeResponse(await post('common', 'version.call.xml')))).toBeTruthy();
    expect(await decodeResponse(await post('common', 'authenticate.call.xml'))).toBe(2);
    const partners = z.array(z.object({ id: z.number(), name: z.string(), country_id: many2one, comment: z.union([z.string(), z.literal(false)]) }).strict())
      .parse(await decodeResponse(await post('object', 'search-read.call.xml')));
    expect(partners.length).toBeGreaterThan(0);
    expect(partners.length).toBeLessThanOrEqual(5);
    expect(typeof await decodeResponse(await post('object', 'create.call.xml'))).toBe('number');
  });
});
