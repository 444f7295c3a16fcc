import { Hono } from 'hono';
import type { Context } from 'hono';
import type { FaultSwitch } from '../../sim/fault-switch';
import type { Rng } from '../../sim/rng';
import { sleep } from '../../sim/serve';
import type { SimEnv } from '../../sim/serve';
import { buildContact, searchContacts } from './sim-contacts';
import { buildInvoice, duplicateCreditInvoice, patchInvoice, registerPayment, sendInvoice } from './sim-invoices';
import type { InvoiceContext } from './sim-invoices';
import { filterInvoices } from './sim-invoice-filter';
import { pageOf } from './sim-paging';
import type { SimRateLimiter } from './sim-rate-limit';
import { filterTaxRates } from './sim-tax-rates';
import type { MbContact, MbLedgerAccount, MbResult, MbSalesInvoice, MbTaxRate } from './sim-types';
import { symbolicError } from './sim-types';

export interface MoneybirdFaults {
  /** Share of requests answered 500 (JSON) or 502/503 (HTML from the proxy), before any work is done. */
  serverErrorRate: number;
  /** Added before every response. */
  latencyMs: number;
  /** Share of successful writes that are committed but never answered in time: the retry-ambiguity case. */
  timeoutAfterCommitRate: number;
  /** `stall`: hold the response for stallMs (past the client's timeout); `destroy`: cut the socket. */
  timeoutAfterCommitMode: 'stall' | 'destroy';
  stallMs: number;
  /** The next N requests get 429, whatever the real window says. Counts down. */
  rateLimitBurst: number;
  /** After this many invoices, creating one answers 402 (free plan limit). null: no limit. */
  invoiceLimit: number | null;
  /**
   * Counts successful writes down: the write that takes it from 1 to 0 is committed but its answer
   * withheld (as timeoutAfterCommitMode says). 0: off. For cutting one chosen step of a multi-step write.
   */
  cutWriteIn: number;
}

export const noMoneybirdFaults: MoneybirdFaults = {
  serverErrorRate: 0,
  latencyMs: 0,
  timeoutAfterCommitRate: 0,
  timeoutAfterCommitMode: 'stall',
  stallMs: 60_000,
  rateLimitBurst: 0,
  invoiceLimit: null,
  cutWriteIn: 0,
};

export interface MoneybirdSimCounters {
  requests: number;
  /** e.g. `POST sales_invoices.json`, `GET sales_invoices/find_by_reference/:reference.json`. */
  byEndpoint: Record<string, number>;
  /** 429s returned (real window and injected bursts). */
  rateLimited: number;
  serverErrors: number;
  authFailures: number;
  contactsCreated: number;
  /** Sales invoices created (POST sales_invoices and credit invoices from duplicate_creditinvoice). */
  invoicesCreated: number;
  creditInvoicesCreated: number;
  /** Invoices sent (draft → open), by delivery method. */
  invoicesSent: { Email: number; Peppol: number; Manual: number };
  /** Writes committed whose response was stalled or cut. */
  timeoutsAfterCommit: number;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  /** 0: the write was committed but its response was withheld (timeoutAfterCommit). */
  status: number;
}

/** One request and the answer the simulator gave, for checking both against the published spec. */
export interface SimExchange {
  method: string;
  path: string;
  query: URLSearchParams;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  responseHeaders: Headers;
}

/** OAuth scopes a token can hold (spec: securitySchemes and each operation's "Required scope(s)"). */
export type MoneybirdScope = 'sales_invoices' | 'documents' | 'estimates' | 'bank' | 'time_entries' | 'settings';

export interface MoneybirdSimContext {
  administrationId: string;
  token: () => string | null;
  scopes: () => ReadonlySet<MoneybirdScope>;
  contacts: Map<string, MbContact>;
  invoices: Map<string, MbSalesInvoice>;
  taxRates: MbTaxRate[];
  ledgerAccounts: MbLedgerAccount[];
  newId: () => string;
  now: () => Date;
  faults: FaultSwitch<MoneybirdFaults>;
  rateLimiter: SimRateLimiter;
  rng: Rng;
  counters: MoneybirdSimCounters;
  requestLog: RequestLogEntry[];
  requestLogLimit: number;
  /** Called with every exchange once answered (tests validate them against the spec). */
  onExchange?: (exchange: SimExchange) => void;
}

function endpointOf(method: string, path: string): string {
  const rest = path.replace(/^\/api\/v2\/[^/]+\//, '');
  const normalised = rest
    .replace(/^sales_invoices\/find_by_reference\/.+$/, 'sales_invoices/find_by_reference/:reference.json')
    .replace(/^contacts\/customer_id\/.+$/, 'contacts/customer_id/:customer_id.json')
    .replace(/\/\d+(\/[a-z_]+)?\.json$/, '/:id$1.json');
  return `${method} ${normalised}`;
}

const jsonId = (file: string): string => decodeURIComponent(file.replace(/\.json$/, ''));

// "Any of" scope lists per resource, as the spec's operations state them.
const contactScopes: MoneybirdScope[] = ['estimates', 'sales_invoices', 'documents', 'bank', 'settings'];
const settingsScopes: MoneybirdScope[] = ['settings', 'sales_invoices', 'documents', 'estimates'];

function requiredScopes(path: string): MoneybirdScope[] | null {
  const rest = path.replace(/^\/api\/v2\/[^/]+\//, '');
  if (rest.startsWith('contacts')) return contactScopes;
  if (rest.startsWith('tax_rates') || rest.startsWith('ledger_accounts')) return settingsScopes;
  if (rest.startsWith('sales_invoices')) return ['sales_invoices'];
  return null;
}

/** "No access to sales_invoices", "No access to sales_invoices or estimates" (the spec's 401 examples). */
const noAccess = (scopes: readonly string[]): string =>
  `No access to ${scopes.length > 1 ? `${scopes.slice(0, -1).join(', ')} or ${scopes.at(-1) ?? ''}` : scopes[0] ?? ''}`;

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function createMoneybirdSimApp(ctx: MoneybirdSimContext): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const { counters } = ctx;
  const reply = <T>(c: Context<SimEnv>, result: MbResult<T>, okStatus: 200 | 201): Response =>
    result.ok ? c.json(result.value as object, okStatus) : c.json(result.body, result.status);
  const invoiceContext = (): InvoiceContext => ({
    administrationId: ctx.administrationId, contacts: ctx.contacts, taxRates: ctx.taxRates, ledgerAccounts: ctx.ledgerAccounts, newId: ctx.newId, nowIso: ctx.now().toISOString(),
  });
  let draftCount = 0;
  const invoiceNumbers = new Map<string, number>();
  const nextInvoiceId = (year: string): string => {
    const n = (invoiceNumbers.get(year) ?? 0) + 1;
    invoiceNumbers.set(year, n);
    return `${year}-${String(n).padStart(4, '0')}`;
  };

  if (ctx.onExchange) {
    const report = ctx.onExchange;
    app.use('*', async (c, next) => {
      const requestBody = c.req.method === 'GET' ? undefined : parseJson(await c.req.text());
      await next();
      const res = c.res.clone();
      report({
        method: c.req.method, path: c.req.path, query: new URL(c.req.url).searchParams, requestBody,
        status: res.status, responseBody: parseJson(await res.text()) ?? null, responseHeaders: res.headers,
      });
    });
  }

  app.use('*', async (c, next) => {
    const method = c.req.method;
    counters.requests += 1;
    const endpoint = endpointOf(method, c.req.path);
    counters.byEndpoint[endpoint] = (counters.byEndpoint[endpoint] ?? 0) + 1;
    const faults = ctx.faults.get();
    const verdict = ctx.rateLimiter.hit(ctx.now().getTime());
    c.header('RateLimit-Limit', String(verdict.limit));
    c.header('RateLimit-Remaining', String(verdict.remaining));
    c.header('RateLimit-Reset', String(verdict.resetEpochSeconds));

    const log = (status: number): void => {
      ctx.requestLog.push({ at: ctx.now().getTime(), method, path: c.req.path, status });
      if (ctx.requestLog.length > ctx.requestLogLimit) ctx.requestLog.shift();
    };
    const burst = faults.rateLimitBurst > 0;
    if (burst || !verdict.allowed) {
      let reset = verdict.resetEpochSeconds;
      if (burst) {
        // An injected burst behaves like a spent window that reopens within a second.
        ctx.faults.set({ rateLimitBurst: faults.rateLimitBurst - 1 });
        reset = Math.ceil(ctx.now().getTime() / 1000);
        if (reset * 1000 === ctx.now().getTime()) reset += 1;
        c.header('RateLimit-Remaining', '0');
        c.header('RateLimit-Reset', String(reset));
      }
      counters.rateLimited += 1;
      log(429);
      // Spec (responses/429_too_many_requests): JSON string "Retry later"; Retry-After and
      // RateLimit-Reset both "the time at which the current rate limit window resets in UTC epoch seconds".
      return c.json('Retry later', 429, { 'Retry-After': String(reset) });
    }
    await sleep(faults.latencyMs);
    if (ctx.rng.chance(faults.serverErrorRate)) {
      counters.serverErrors += 1;
      const status = ctx.rng.pick([500, 502, 503] as const);
      log(status);
      if (status === 500) return c.json({ error: 'Internal server error' }, 500);
      return c.html(`<html><head><title>${status}</title></head><body><center><h1>${status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable'}</h1></center></body></html>`, status);
    }
    const authorization = c.req.header('authorization');
    const token = ctx.token();
    if (!authorization?.startsWith('Bearer ') || token === null || authorization.slice(7) !== token) {
      counters.authFailures += 1;
      log(401);
      return authorization
        ? c.json({ error: 'Token is invalid', symbolic: { token: 'invalid' } }, 401)
        : c.json({ error: 'No access token given', symbolic: { token: 'missing' } }, 401);
    }
    const required = requiredScopes(c.req.path);
    if (required && !required.some((s) => ctx.scopes().has(s))) {
      counters.authFailures += 1;
      log(401);
      return c.json({ error: noAccess(required) }, 401);
    }
    const adm = /^\/api\/v2\/([^/]+)\//.exec(c.req.path)?.[1];
    if (adm !== undefined && adm !== 'administrations.json' && adm !== ctx.administrationId) {
      log(404);
      // The answer for an administration the token cannot see is not documented; 404 is our guess.
      return c.json({ error: 'Administration not found', symbolic: { administration_id: 'not_found' } }, 404);
    }

    await next();
    const isWrite = method !== 'GET';
    const current = ctx.faults.get();
    const cutNow = isWrite && c.res.ok && current.cutWriteIn === 1;
    if (isWrite && c.res.ok && current.cutWriteIn > 0) ctx.faults.set({ cutWriteIn: current.cutWriteIn - 1 });
    if (isWrite && c.res.ok && (cutNow || ctx.rng.chance(faults.timeoutAfterCommitRate))) {
      counters.timeoutsAfterCommit += 1;
      log(0);
      if (faults.timeoutAfterCommitMode === 'destroy') c.env.incoming.socket.destroy();
      else await sleep(faults.stallMs);
      return;
    }
    log(c.res.status);
  });

  const base = '/api/v2/:adm';

  app.get('/api/v2/administrations.json', (c) =>
    c.json([{
      id: ctx.administrationId, name: 'Demo winkel', language: 'nl', currency: 'EUR', country: 'NL', time_zone: 'Europe/Amsterdam',
      access: 'user', suspended: false, period_locked_until: null, period_start_date: `${ctx.now().toISOString().slice(0, 4)}-01-01`,
    }]),
  );

  app.get(`${base}/contacts.json`, (c) => {
    const page = pageOf(searchContacts(ctx.contacts.values(), c.req.query('query')), c.req.url);
    if (!page.ok) return c.json(page.body, 400);
    if (page.link) c.header('Link', page.link);
    return c.json(page.items);
  });

  app.post(`${base}/contacts.json`, async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const result = buildContact(body, { administrationId: ctx.administrationId, contacts: ctx.contacts, newId: ctx.newId, nowIso: ctx.now().toISOString() });
    if (result.ok) {
      ctx.contacts.set(result.value.id, result.value);
      counters.contactsCreated += 1;
    }
    return reply(c, result, 201);
  });

  app.get(`${base}/contacts/customer_id/:file{.+\\.json}`, (c) => {
    const wanted = jsonId(c.req.param('file'));
    const contact = [...ctx.contacts.values()].find((x) => x.customer_id === wanted);
    return contact ? c.json(contact) : c.json({ error: 'record not found', symbolic: { customer_id: 'not_found' } }, 404);
  });

  app.get(`${base}/contacts/:file{[0-9]+\\.json}`, (c) => {
    const contact = ctx.contacts.get(jsonId(c.req.param('file')));
    return contact ? c.json(contact) : c.json({ error: 'record not found', symbolic: { id: 'not_found' } }, 404);
  });

  app.get(`${base}/tax_rates.json`, (c) => {
    const page = pageOf(filterTaxRates(ctx.taxRates, c.req.query('filter')), c.req.url);
    if (!page.ok) return c.json(page.body, 400);
    if (page.link) c.header('Link', page.link);
    return c.json(page.items);
  });

  // "Pagination is not supported for this endpoint."
  app.get(`${base}/ledger_accounts.json`, (c) => c.json(ctx.ledgerAccounts));

  app.get(`${base}/sales_invoices.json`, (c) => {
    const filtered = filterInvoices([...ctx.invoices.values()], c.req.query('filter'), ctx.now());
    if (!filtered.ok) return c.json({ error: filtered.error }, 400);
    const page = pageOf(filtered.invoices, c.req.url);
    if (!page.ok) return c.json(page.body, 400);
    if (page.link) c.header('Link', page.link);
    return c.json(page.items);
  });

  app.post(`${base}/sales_invoices.json`, async (c) => {
    const limit = ctx.faults.get().invoiceLimit;
    if (limit !== null && counters.invoicesCreated >= limit) {
      return c.json(symbolicError(402, 'creating sales invoices is limited', { administration: 'limit_reached' }).body, 402);
    }
    const body: unknown = await c.req.json().catch(() => null);
    const result = buildInvoice(body, invoiceContext(), draftCount + 1);
    if (result.ok) {
      draftCount += 1;
      ctx.invoices.set(result.value.id, result.value);
      counters.invoicesCreated += 1;
    }
    return reply(c, result, 201);
  });

  app.get(`${base}/sales_invoices/find_by_reference/:file{.+\\.json}`, (c) => {
    const reference = jsonId(c.req.param('file'));
    // Which of several invoices sharing a reference Moneybird answers is not documented: the newest, the harder case for a client.
    const invoice = [...ctx.invoices.values()].filter((i) => i.reference === reference).at(-1);
    if (invoice) return c.json(invoice);
    return c.json({ error: `Sales invoice with reference: ${reference} was not found`, symbolic: { reference: 'not_found' } }, 404);
  });

  const notFound = (c: Context<SimEnv>): Response => c.json({ error: 'record not found', symbolic: { id: 'not_found' } }, 404);

  app.get(`${base}/sales_invoices/:file{[0-9]+\\.json}`, (c) => {
    const invoice = ctx.invoices.get(jsonId(c.req.param('file')));
    return invoice ? c.json(invoice) : notFound(c);
  });

  app.patch(`${base}/sales_invoices/:file{[0-9]+\\.json}`, async (c) => {
    const invoice = ctx.invoices.get(jsonId(c.req.param('file')));
    if (!invoice) return notFound(c);
    const result = patchInvoice(invoice, await c.req.json().catch(() => null), invoiceContext());
    if (result.ok) ctx.invoices.set(invoice.id, result.value);
    return reply(c, result, 200);
  });

  app.patch(`${base}/sales_invoices/:id{[0-9]+}/send_invoice.json`, async (c) => {
    const invoice = ctx.invoices.get(c.req.param('id'));
    if (!invoice) return notFound(c);
    const wasDraft = invoice.state === 'draft';
    const result = sendInvoice(invoice, await c.req.json().catch(() => null), nextInvoiceId, ctx.now().toISOString());
    if (!result.ok) return reply(c, result, 200);
    ctx.invoices.set(invoice.id, result.value.invoice);
    if (wasDraft) counters.invoicesSent[result.value.method] += 1;
    return c.json(result.value.invoice, 200);
  });

  app.patch(`${base}/sales_invoices/:id{[0-9]+}/duplicate_creditinvoice.json`, (c) => {
    const original = ctx.invoices.get(c.req.param('id'));
    if (!original) return notFound(c);
    const limit = ctx.faults.get().invoiceLimit;
    if (limit !== null && counters.invoicesCreated >= limit) {
      return c.json(symbolicError(402, 'creating sales invoices is limited', { administration: 'limit_reached' }).body, 402);
    }
    draftCount += 1;
    const credit = duplicateCreditInvoice(original, invoiceContext(), draftCount);
    ctx.invoices.set(credit.id, credit);
    counters.invoicesCreated += 1;
    counters.creditInvoicesCreated += 1;
    return c.json(credit, 200);
  });

  app.post(`${base}/sales_invoices/:id{[0-9]+}/payments.json`, async (c) => {
    const invoice = ctx.invoices.get(c.req.param('id'));
    if (!invoice) return notFound(c);
    const result = registerPayment(invoice, await c.req.json().catch(() => null), invoiceContext());
    if (!result.ok) return reply(c, result, 201);
    ctx.invoices.set(invoice.id, result.value.invoice);
    return c.json(result.value.payment, 201);
  });

  app.notFound((c) => c.json({ error: 'Not found', symbolic: { path: 'not_found' } }, 404));
  return app;
}
