import { Hono } from 'hono';
import type { Context } from 'hono';
import type { FaultSwitch } from '../../sim/fault-switch';
import type { Rng } from '../../sim/rng';
import { sleep } from '../../sim/serve';
import type { SimEnv } from '../../sim/serve';
import { createAccount, createSalesEntry, createSalesInvoice, printSalesInvoice, type BookResult } from './sim-books';
import { FIELDS, type DivisionBooks } from './sim-data';
import type { SimOAuth } from './sim-oauth';
import { listPage, odataError, withMetadata, type ODataError, type SimEntity } from './sim-odata';
import type { SimRateLimiter } from './sim-rate-limit';

export interface ExactFaults {
  /** Share of API requests answered 500 (JSON) or 503 (HTML from the load balancer) before any work. */
  serverErrorRate: number;
  latencyMs: number;
  /** Share of successful writes committed but never answered in time (the retry-ambiguity case). */
  timeoutAfterCommitRate: number;
  timeoutAfterCommitMode: 'stall' | 'destroy';
  stallMs: number;
  /** The token endpoint answers 503 to everything. */
  tokenEndpointDown: boolean;
  /** The next N successful token answers are cut after the tokens were issued (a lost refresh response). */
  cutTokenResponses: number;
  /** What the simulated merchant answers on Exact's consent page. */
  consent: 'approve' | 'deny';
}

export const noExactFaults: ExactFaults = {
  serverErrorRate: 0, latencyMs: 0, timeoutAfterCommitRate: 0, timeoutAfterCommitMode: 'stall', stallMs: 60_000,
  tokenEndpointDown: false, cutTokenResponses: 0, consent: 'approve',
};

export interface ExactSimCounters {
  requests: number;
  /** e.g. `POST salesentry/SalesEntries`, `GET current/Me`, `POST oauth2/token`. */
  byEndpoint: Record<string, number>;
  rateLimited: { minutely: number; daily: number };
  serverErrors: number;
  accountsCreated: number;
  entriesCreated: number;
  invoicesCreated: number;
  invoicesProcessed: number;
  invoicesEmailed: number;
  timeoutsAfterCommit: number;
  tokenResponsesCut: number;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  endpoint: string;
  status: number;
}

export interface ExactSimContext {
  oauth: SimOAuth;
  rateLimiter: SimRateLimiter;
  books: Map<number, DivisionBooks>;
  divisions: SimEntity[];
  me: SimEntity;
  faults: FaultSwitch<ExactFaults>;
  counters: ExactSimCounters;
  requestLog: RequestLogEntry[];
  rng: Rng;
  now: () => number;
}

const PAGE_SIZE = 60;

const COLLECTIONS = {
  'crm/Accounts': { type: 'Account', key: 'ID', rows: (b: DivisionBooks) => [...b.accounts.values()] },
  'vat/VATCodes': { type: 'VATCode', key: 'Code', rows: (b: DivisionBooks) => b.vatCodes },
  'financial/GLAccounts': { type: 'GLAccount', key: 'ID', rows: (b: DivisionBooks) => b.glAccounts },
  'financial/Journals': { type: 'Journal', key: 'ID', rows: (b: DivisionBooks) => b.journals },
  'logistics/Items': { type: 'Item', key: 'ID', rows: (b: DivisionBooks) => b.items },
  'salesentry/SalesEntries': { type: 'SalesEntry', key: 'EntryID', rows: (b: DivisionBooks) => [...b.entries.values()] },
  'salesentry/SalesEntryLines': { type: 'SalesEntryLine', key: 'ID', rows: (b: DivisionBooks) => [...b.entryLines.values()].flat() },
  'salesinvoice/SalesInvoices': { type: 'SalesInvoice', key: 'InvoiceID', rows: (b: DivisionBooks) => [...b.invoices.values()] },
  'salesinvoice/SalesInvoiceLines': { type: 'SalesInvoiceLine', key: 'ID', rows: (b: DivisionBooks) => [...b.invoiceLines.values()].flat() },
} as const;

function endpointOf(method: string, path: string): string {
  const rest = path.replace(/^\/api\/v1\/\d+\//, '').replace(/^\/api\/v1\//, '').replace(/^\/api\//, '').replace(/\(guid'[^']*'\)/g, '(id)');
  return `${method} ${rest}`;
}

const ATOM = '<?xml version="1.0" encoding="utf-8"?><feed xml:base="https://start.exactonline.nl/api/v1/" xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"></feed>';

export function createExactSimApp(ctx: ExactSimContext): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const { counters } = ctx;
  const log = (method: string, endpoint: string, status: number) => {
    ctx.requestLog.push({ at: ctx.now(), method, endpoint, status });
    if (ctx.requestLog.length > 10_000) ctx.requestLog.shift();
  };
  const errorReply = (c: Context<SimEnv>, e: ODataError) => c.json(e.body, e.status);
  const origin = (c: Context<SimEnv>) => new URL(c.req.url).origin;

  // --- OAuth2 ---------------------------------------------------------------------------------
  app.get('/api/oauth2/auth', (c) => {
    counters.byEndpoint['GET oauth2/auth'] = (counters.byEndpoint['GET oauth2/auth'] ?? 0) + 1;
    const result = ctx.oauth.authorize(new URL(c.req.url).searchParams, ctx.faults.get().consent);
    if ('redirect' in result) return c.redirect(result.redirect, 302);
    return c.text(result.text, result.status);
  });

  app.post('/api/oauth2/token', async (c) => {
    counters.byEndpoint['POST oauth2/token'] = (counters.byEndpoint['POST oauth2/token'] ?? 0) + 1;
    const faults = ctx.faults.get();
    if (faults.tokenEndpointDown) {
      log('POST', 'oauth2/token', 503);
      return c.html('<html><body><h1>503 Service Unavailable</h1></body></html>', 503);
    }
    const form = new URLSearchParams(await c.req.text());
    const reply = ctx.oauth.token(form);
    if (reply.status === 200 && faults.cutTokenResponses > 0) {
      // Issued (and the old refresh token used) but the answer never arrives.
      ctx.faults.set({ cutTokenResponses: faults.cutTokenResponses - 1 });
      counters.tokenResponsesCut += 1;
      log('POST', 'oauth2/token', 0);
      c.env.incoming.socket.destroy();
      return c.body(null, 200);
    }
    log('POST', 'oauth2/token', reply.status);
    return c.json(reply.body as object, reply.status as 200, { 'Cache-Control': 'no-store', ...(reply.headers ?? {}) });
  });

  // --- REST API ---------------------------------------------------------------------------------
  app.use('/api/v1/*', async (c, next) => {
    const method = c.req.method;
    const endpoint = endpointOf(method, c.req.path).slice(method.length + 1);
    counters.requests += 1;
    counters.byEndpoint[`${method} ${endpoint}`] = (counters.byEndpoint[`${method} ${endpoint}`] ?? 0) + 1;
    const faults = ctx.faults.get();
    await sleep(faults.latencyMs);

    const bearer = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!bearer || !ctx.oauth.authenticate(bearer)) {
      log(method, endpoint, 401);
      // Exact answers an expired or unknown token with 401 and no JSON body (observed; not documented).
      return c.body(null, 401, { 'WWW-Authenticate': 'Bearer' });
    }
    const segment = /^\/api\/v1\/([^/]+)\//.exec(c.req.path)?.[1] ?? '';
    const division = segment === 'current' ? Number(ctx.me.CurrentDivision) : Number(segment);
    if (!ctx.books.has(division)) {
      log(method, endpoint, 403);
      return c.json(odataError(403, 'Forbidden').body, 403);
    }
    const verdict = ctx.rateLimiter.hit(String(division), ctx.now(), segment !== 'current');
    for (const [name, value] of Object.entries(verdict.headers)) c.header(name, value);
    if (!verdict.allowed) {
      counters.rateLimited[verdict.exceeded ?? 'minutely'] += 1;
      log(method, endpoint, 429);
      return c.body(null, 429);
    }
    if (ctx.rng.chance(faults.serverErrorRate)) {
      counters.serverErrors += 1;
      const status = ctx.rng.pick([500, 503] as const);
      log(method, endpoint, status);
      if (status === 500) return c.json(odataError(400, 'An error has occurred.').body, 500);
      return c.html('<html><body><h1>Service Unavailable</h1></body></html>', 503);
    }
    if (!(c.req.header('accept') ?? '').includes('json')) {
      // Without Accept: application/json Exact answers Atom XML.
      log(method, endpoint, 200);
      return c.body(ATOM, 200, { 'Content-Type': 'application/atom+xml;type=feed;charset=utf-8' });
    }
    await next();
    if (method !== 'GET' && c.res.ok && ctx.rng.chance(faults.timeoutAfterCommitRate)) {
      counters.timeoutsAfterCommit += 1;
      log(method, endpoint, 0);
      if (faults.timeoutAfterCommitMode === 'destroy') c.env.incoming.socket.destroy();
      else await sleep(faults.stallMs);
      return;
    }
    log(method, endpoint, c.res.status);
  });

  app.get('/api/v1/current/Me', (c) => {
    const base = `${origin(c)}/api/v1/current/Me`;
    return c.json({ d: { results: [withMetadata(ctx.me, { collectionUrl: base, type: 'Exact.Web.Api.Models.Me', key: 'UserID' })] } });
  });

  app.get('/api/v1/:division/system/Divisions', (c) => {
    const page = listPage(ctx.divisions, {
      collectionUrl: `${origin(c)}/api/v1/${c.req.param('division')}/system/Divisions`, type: 'Exact.Web.Api.Models.HRM.Division', key: 'Code',
      fields: FIELDS.Division, params: new URL(c.req.url).searchParams, pageSize: PAGE_SIZE,
    });
    return page.ok ? c.json(page.body) : errorReply(c, page.error);
  });

  for (const [path, spec] of Object.entries(COLLECTIONS)) {
    app.get(`/api/v1/:division/${path}`, (c) => {
      const books = ctx.books.get(Number(c.req.param('division')));
      if (!books) return errorReply(c, odataError(403, 'Forbidden'));
      const page = listPage(spec.rows(books), {
        collectionUrl: `${origin(c)}/api/v1/${books.division}/${path}`, type: `Exact.Web.Api.Models.${spec.type}`, key: spec.key,
        fields: FIELDS[spec.type], params: new URL(c.req.url).searchParams, pageSize: PAGE_SIZE,
      });
      return page.ok ? c.json(page.body) : errorReply(c, page.error);
    });
  }

  const write = (path: string, type: string, key: string, build: (body: Record<string, unknown>, books: DivisionBooks, divisionUrl: string) => BookResult, onCreated: () => void) => {
    app.post(`/api/v1/:division/${path}`, async (c) => {
      const books = ctx.books.get(Number(c.req.param('division')));
      if (!books) return errorReply(c, odataError(403, 'Forbidden'));
      const body: unknown = await c.req.json().catch(() => null);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return errorReply(c, odataError(400, 'Error processing request stream. The request should be a valid top-level resource object.'));
      const divisionUrl = `${origin(c)}/api/v1/${books.division}`;
      const result = build(body as Record<string, unknown>, books, divisionUrl);
      if (!result.ok) return errorReply(c, result.error);
      onCreated();
      const entity = withMetadata(result.entity, { collectionUrl: `${divisionUrl}/${path}`, type: `Exact.Web.Api.Models.${type}`, key });
      // Prefer: return=representation gets the entity; without it Exact answers 201 with the entity as well.
      return c.json({ d: entity }, 201);
    });
  };
  const bookCtx = (books: DivisionBooks, divisionUrl: string) => ({ books, rng: ctx.rng, nowMs: ctx.now(), divisionUrl });
  write('crm/Accounts', 'Account', 'ID', (b, books, url) => createAccount(b, bookCtx(books, url)), () => void (counters.accountsCreated += 1));
  write('salesentry/SalesEntries', 'SalesEntry', 'EntryID', (b, books, url) => createSalesEntry(b, bookCtx(books, url)), () => void (counters.entriesCreated += 1));
  write('salesinvoice/SalesInvoices', 'SalesInvoice', 'InvoiceID', (b, books, url) => createSalesInvoice(b, bookCtx(books, url)), () => void (counters.invoicesCreated += 1));
  write('salesinvoice/PrintedSalesInvoices', 'PrintedSalesInvoice', 'InvoiceID', (b, books, url) => {
    const result = printSalesInvoice(b, bookCtx(books, url));
    if (result.ok && result.emailed) counters.invoicesEmailed += 1;
    return result;
  }, () => void (counters.invoicesProcessed += 1));

  app.notFound((c) => c.json(odataError(404, 'Resource not found for the segment').body, 404));
  return app;
}
