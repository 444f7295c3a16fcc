import { Hono } from 'hono';
import type { FaultSwitch } from '../../sim/fault-switch';
import type { Rng } from '../../sim/rng';
import { sleep } from '../../sim/serve';
import type { SimDatabase } from './sim-orm';
import { handleJson2 } from './sim-json2';
import type { SimAppEnv } from './sim-types';
import { handleXmlRpc } from './sim-xmlrpc';
import { decodeCall, decodeResponse } from './xmlrpc-codec';

export interface OdooFaults {
  /** Share of requests answered 502/503 by the proxy in front of Odoo (HTML), before Odoo sees them. */
  serverErrorRate: number;
  /** Added before every response. */
  latencyMs: number;
  /** Share of successful writes that are committed but never answered in time. */
  timeoutAfterCommitRate: number;
  /** `stall`: hold the answer for stallMs (past the client's timeout); `destroy`: cut the socket. */
  timeoutAfterCommitMode: 'stall' | 'destroy';
  stallMs: number;
  /** Counts successful writes down: the write that takes it from 1 to 0 is committed but its answer withheld. 0: off. */
  cutWriteIn: number;
}

export const noOdooFaults: OdooFaults = { serverErrorRate: 0, latencyMs: 0, timeoutAfterCommitRate: 0, timeoutAfterCommitMode: 'stall', stallMs: 60_000, cutWriteIn: 0 };

export interface OdooSimCounters {
  requests: number;
  /** `json2 account.move.create`, `xmlrpc account.tax.search_read`, `xmlrpc common.authenticate`. */
  byCall: Record<string, number>;
  authFailures: number;
  serverErrors: number;
  timeoutsAfterCommit: number;
}

/** One exchange as the wire carried it, decoded, for tests that check requests and answers against the docs. */
export interface OdooExchange {
  transport: 'json2' | 'xmlrpc';
  path: string;
  headers: Headers;
  status: number;
  /** JSON-2: the request body; XML-RPC: `[method, params]`. */
  request: unknown;
  /** JSON-2: the response body; XML-RPC: the value, or `{ faultCode, faultString }`. */
  response: unknown;
}

export interface OdooSimContext {
  db: SimDatabase;
  apiKey: () => string | null;
  login: string;
  multiDatabase: boolean;
  faults: FaultSwitch<OdooFaults>;
  rng: Rng;
  counters: OdooSimCounters;
  onExchange?: (exchange: OdooExchange) => void;
}

async function decodeXmlRpcAnswer(xml: string): Promise<unknown> {
  try {
    return await decodeResponse(xml);
  } catch (error) {
    const fault = error as { faultCode?: number; faultString?: string };
    return { faultCode: fault.faultCode, faultString: fault.faultString };
  }
}

export function createOdooSimApp(ctx: OdooSimContext): Hono<SimAppEnv> {
  const app = new Hono<SimAppEnv>();
  const { counters } = ctx;

  if (ctx.onExchange) {
    const report = ctx.onExchange;
    app.use('*', async (c, next) => {
      const transport = c.req.path.startsWith('/xmlrpc') ? 'xmlrpc' : 'json2';
      const text = c.req.method === 'GET' ? '' : await c.req.raw.clone().text();
      await next();
      const res = c.res.clone();
      const answer = await res.text();
      const request = transport === 'xmlrpc' ? await decodeCall(text).catch(() => text) : text === '' ? null : JSON.parse(text) as unknown;
      const response = transport === 'xmlrpc' && answer.startsWith('<?xml') ? await decodeXmlRpcAnswer(answer) : (() => {
        try {
          return JSON.parse(answer) as unknown;
        } catch {
          return answer;
        }
      })();
      report({ transport, path: c.req.path, headers: c.req.raw.headers, status: res.status, request, response });
    });
  }

  app.use('*', async (c, next) => {
    counters.requests += 1;
    const faults = ctx.faults.get();
    await sleep(faults.latencyMs);
    if (ctx.rng.chance(faults.serverErrorRate)) {
      counters.serverErrors += 1;
      const status = ctx.rng.pick([502, 503] as const);
      return c.html(`<html><head><title>${status}</title></head><body><center><h1>${status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable'}</h1></center><hr><center>nginx</center></body></html>`, status);
    }
    await next();
    const call = c.get('call');
    if (call) {
      const key = `${c.req.path.startsWith('/xmlrpc') ? 'xmlrpc' : 'json2'} ${call}`;
      counters.byCall[key] = (counters.byCall[key] ?? 0) + 1;
    }
    if (c.get('authFailure')) counters.authFailures += 1;
    // XML-RPC faults are HTTP 200 too: only a committed write (no fault) may be cut.
    const committed = c.res.status === 200 && c.get('write') === true && !(c.req.path.startsWith('/xmlrpc') && (await c.res.clone().text()).includes('<fault>'));
    const current = ctx.faults.get();
    const cutNow = committed && current.cutWriteIn === 1;
    if (committed && current.cutWriteIn > 0) ctx.faults.set({ cutWriteIn: current.cutWriteIn - 1 });
    if (committed && (cutNow || ctx.rng.chance(current.timeoutAfterCommitRate))) {
      counters.timeoutsAfterCommit += 1;
      if (current.timeoutAfterCommitMode === 'destroy') c.env.incoming.socket.destroy();
      else await sleep(current.stallMs);
    }
  });

  app.all('/json/2/:model/:method', (c) => handleJson2(c, ctx.db, { apiKey: ctx.apiKey }, ctx.multiDatabase));
  app.post('/xmlrpc/2/:service', (c) => handleXmlRpc(c, ctx.db, { login: ctx.login, apiKey: ctx.apiKey }));
  // The replacement for common.version (external_api.rst, "Common service").
  app.get('/web/version', (c) => c.json({ version_info: [ctx.db.version, 0, 0, 'final', 0, ''], version: `${ctx.db.version}.0` }));
  return app;
}
