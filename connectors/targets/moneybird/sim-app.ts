import { Hono } from 'hono';
import type { Context } from 'hono';
import type { FaultSwitch } from '../../sim/fault-switch';
import type { Rng } from '../../sim/rng';
import { sleep } from '../../sim/serve';
import type { SimEnv } from '../../sim/serve';
import { buildContact, searchContacts } from './sim-contacts';
import { buildInvoice } from './sim-invoices';
import { pageOf } from './sim-paging';
import type { SimRateLimiter } from './sim-rate-limit';
import { filterTaxRates } from './sim-tax-rates';
import type { MbContact, MbResult, MbSalesInvoice, MbTaxRate } from './sim-types';
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
}

export const noMoneybirdFaults: MoneybirdFaults = {
  serverErrorRate: 0,
  latencyMs: 0,
  timeoutAfterCommitRate: 0,
  timeoutAfterCommitMode: 'stall',
  stallMs: 60_000,
  rateLimitBurst: 0,
  invoiceLimit: null,
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
  invoicesCreated: number;
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

export interface MoneybirdSimContext {
  administrationId: string;
  token: () => string | null;
  contacts: Map<string, MbContact>;
  invoices: Map<string, MbSalesInvoice>;
  taxRates: MbTaxRate[];
  newId: () => string;
  now: () => Date;
  faults: FaultSwitch<MoneybirdFaults>;
  rateLimiter: SimRateLimiter;
  rng: Rng;
  counters: MoneybirdSimCounters;
  requestLog: RequestLogEntry[];
  requestLogLimit: number;
}

function endpointOf(method: string, path: string): string {
  const rest = path.replace(/^\/api\/v2\/[^/]+\//, '');
  const normalised = rest
    .replace(/^sales_invoices\/find_by_reference\/.+$/, 'sales_invoices/find_by_reference/:reference.json')
    .replace(/^contacts\/customer_id\/.+$/, 'contacts/customer_id/:customer_id.json')
    .replace(/\/\d+\.json$/, '/:id.json');
  return `${method} ${normalised}`;
}

const jsonId = (file: string): string => decodeURIComponent(file.replace(/\.json$/, ''));

export function createMoneybirdSimApp(ctx: MoneybirdSimContext): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const { counters } = ctx;
  const reply = <T>(c: Context<SimEnv>, result: MbResult<T>, okStatus: 200 | 201): Response =>
    result.ok ? c.json(result.value as object, okStatus) : c.json(result.body, result.status);

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
      const nowSeconds = Math.floor(ctx.now().getTime() / 1000);
      if (burst) {
        // An injected burst behaves like a spent window that reopens in a second.
        ctx.faults.set({ rateLimitBurst: faults.rateLimitBurst - 1 });
        c.header('RateLimit-Remaining', '0');
        c.header('RateLimit-Reset', String(nowSeconds + 1));
      }
      counters.rateLimited += 1;
      log(429);
      // Moneybird documents RateLimit-*; whether it also sends Retry-After is unverified, we send both.
      const seconds = burst ? 1 : Math.max(1, Math.ceil((verdict.resetAtMs - ctx.now().getTime()) / 1000));
      return c.text('Retry later', 429, { 'Retry-After': String(seconds) });
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
    const adm = /^\/api\/v2\/([^/]+)\//.exec(c.req.path)?.[1];
    if (adm !== undefined && adm !== 'administrations.json' && adm !== ctx.administrationId) {
      log(404);
      // The answer for an administration the token cannot see is not documented; 404 is our guess.
      return c.json({ error: 'Administration not found', symbolic: { administration_id: 'not_found' } }, 404);
    }

    await next();
    const isWrite = method !== 'GET';
    if (isWrite && c.res.ok && ctx.rng.chance(faults.timeoutAfterCommitRate)) {
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
    c.json([{ id: ctx.administrationId, name: 'Demo winkel', language: 'nl', currency: 'EUR', country: 'NL', time_zone: 'Europe/Amsterdam' }]),
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
    return contact ? c.json(contact) : c.json({ error: 'Contact not found', symbolic: { customer_id: 'not_found' } }, 404);
  });

  app.get(`${base}/contacts/:file{[0-9]+\\.json}`, (c) => {
    const contact = ctx.contacts.get(jsonId(c.req.param('file')));
    return contact ? c.json(contact) : c.json({ error: 'record not found', symbolic: { id: 'not_found' } }, 404);
  });

  app.get(`${base}/sales_invoices.json`, (c) => {
    const filter = c.req.query('filter') ?? '';
    const reference = /(?:^|,)reference:([^,]*)/.exec(filter)?.[1];
    const matches = [...ctx.invoices.values()].filter((i) => reference === undefined || reference.split('|').includes(i.reference));
    const page = pageOf(matches, c.req.url);
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
    const result = buildInvoice(body, { administrationId: ctx.administrationId, contacts: ctx.contacts, taxRates: ctx.taxRates, newId: ctx.newId, nowIso: ctx.now().toISOString() });
    if (result.ok) {
      ctx.invoices.set(result.value.id, result.value);
      counters.invoicesCreated += 1;
    }
    return reply(c, result, 201);
  });

  app.get(`${base}/sales_invoices/find_by_reference/:file{.+\\.json}`, (c) => {
    const reference = jsonId(c.req.param('file'));
    const invoice = [...ctx.invoices.values()].find((i) => i.reference === reference);
    if (invoice) return c.json(invoice);
    return c.json({ error: `Sales invoice with reference: ${reference} was not found`, symbolic: { reference: 'not_found' } }, 404);
  });

  app.get(`${base}/sales_invoices/:file{[0-9]+\\.json}`, (c) => {
    const invoice = ctx.invoices.get(jsonId(c.req.param('file')));
    return invoice ? c.json(invoice) : c.json({ error: 'record not found', symbolic: { id: 'not_found' } }, 404);
  });

  app.get(`${base}/tax_rates.json`, (c) => {
    const page = pageOf(filterTaxRates(ctx.taxRates, c.req.query('filter')), c.req.url);
    if (!page.ok) return c.json(page.body, 400);
    if (page.link) c.header('Link', page.link);
    return c.json(page.items);
  });

  app.notFound((c) => c.json({ error: 'Not found', symbolic: { path: 'not_found' } }, 404));
  return app;
}
