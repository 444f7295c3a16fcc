import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startExactSimulator, type ExactSimulator, type ExactSimulatorOptions } from './simulator';

const fixture = <T = unknown>(name: string): T => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as T;
const tokenFixtures = fixture<Record<string, { status: number; body: unknown; headers?: Record<string, string> }>>('token-exchanges.json');

let sim: ExactSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const REDIRECT = 'http://127.0.0.1:3000/oauth/callback';

async function started(options: ExactSimulatorOptions = {}) {
  sim = await startExactSimulator({ seed: 3, ...options });
  const s = sim;
  const token = (form: Record<string, string>) => fetch(`${s.url}/api/oauth2/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: s.clientId, client_secret: s.clientSecret, ...form }).toString(),
  });
  const connect = async () => {
    const res = await token({ grant_type: 'authorization_code', code: s.authorizationCode(REDIRECT), redirect_uri: REDIRECT });
    return (await res.json()) as { access_token: string; refresh_token: string; expires_in: string };
  };
  const api = (accessToken: string, path: string, init: RequestInit = {}) => fetch(`${s.url}/api/v1${path}`, {
    ...init, headers: { accept: 'application/json', authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return { sim: s, token, connect, api };
}

const withMeta = (line: Record<string, unknown>) => ({ __metadata: { uri: '', type: 'Exact.Web.Api.Models.SalesInvoiceLine' }, ...line });

/** The keys of every object in a JSON value, nested paths joined with dots (array items merged). */
function shape(value: unknown, prefix = ''): Set<string> {
  const keys = new Set<string>();
  if (Array.isArray(value)) for (const item of value) for (const k of shape(item, prefix)) keys.add(k);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.add(`${prefix}${k}`);
      for (const nested of shape(v, `${prefix}${k}.`)) keys.add(nested);
    }
  }
  return keys;
}

describe('Exact Online simulator: OAuth as Exact answers it', () => {
  it('exchanges a code once for a token set shaped like Exact\'s (expires_in a string)', async () => {
    const { sim, token } = await started();
    const code = sim.authorizationCode(REDIRECT, 'st-1');
    const first = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(first.status).toBe(200);
    const body = (await first.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(Object.keys(tokenFixtures.tokenResponse!.body as object).sort());
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: '600' });
    const again = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_grant' });
  });

  it('rotates refresh tokens: a refresh token used twice is refused with "Old refresh token used."', async () => {
    let now = Date.parse('2025-03-01T10:00:00Z');
    const { token, connect } = await started({ now: () => now });
    const first = await connect();
    now += 571_000;
    const second = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(second.status).toBe(200);
    const rotated = (await second.json()) as { refresh_token: string };
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    now += 571_000;
    const reused = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect({ status: reused.status, body: await reused.json() }).toEqual({ status: tokenFixtures.oldRefreshTokenUsed!.status, body: tokenFixtures.oldRefreshTokenUsed!.body });
    expect((await token({ grant_type: 'refresh_token', refresh_token: rotated.refresh_token })).status).toBe(200);
  });

  it('refuses a refresh within 570 of 600 seconds with TooEarlyToRefreshTokens, and an unused refresh token after 30 days', async () => {
    let now = Date.parse('2025-03-01T10:00:00Z');
    const { token, connect } = await started({ now: () => now });
    const tokens = await connect();
    now += 569_000;
    const early = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(early.status).toBe(400);
    expect(early.headers.get('reason')).toBe(tokenFixtures.tooEarlyToRefresh!.headers!.Reason);
    expect(await early.json()).toEqual(tokenFixtures.tooEarlyToRefresh!.body);
    now += 30 * 86_400_000;
    const lapsed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(lapsed.status).toBe(400);
    const body = (await lapsed.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toMatch(/^The refresh token expired at \d+\/\d+\/\d{4} \d+:\d\d:\d\d [AP]M and it is now \d+\/\d+\/\d{4} \d+:\d\d:\d\d [AP]M\.$/);
  });

  it('lets an old refresh token work until its successor is used, when configured like Invantive describes', async () => {
    let now = Date.parse('2025-03-01T10:00:00Z');
    const { token, connect, api } = await started({ now: () => now, refreshTokenReuse: 'until-successor-used' });
    const first = await connect();
    now += 571_000;
    expect((await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).status).toBe(200);
    now += 571_000;
    // The answer of that refresh was "lost": the same refresh token works once more.
    const retry = (await (await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).json()) as { access_token: string };
    expect((await api(retry.access_token, '/current/Me')).status).toBe(200);
    now += 571_000;
    expect((await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).status).toBe(401);
  });

  it('sends the merchant back with a code and the state, or with access_denied', async () => {
    const { sim } = await started();
    const approve = await fetch(`${sim.url}/api/oauth2/auth?${new URLSearchParams({ client_id: sim.clientId, redirect_uri: REDIRECT, response_type: 'code', state: 'abc', force_login: '0' }).toString()}`, { redirect: 'manual' });
    expect(approve.status).toBe(302);
    const back = new URL(approve.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('abc');
    expect(back.searchParams.get('code')).toMatch(/^eyJ/);
    sim.faults.set({ consent: 'deny' });
    const deny = await fetch(`${sim.url}/api/oauth2/auth?${new URLSearchParams({ client_id: sim.clientId, redirect_uri: REDIRECT, response_type: 'code', state: 'abc' }).toString()}`, { redirect: 'manual' });
    expect(new URL(deny.headers.get('location') ?? '').searchParams.get('error')).toBe('access_denied');
  });
});

describe('Exact Online simulator: REST API wire format', () => {
  it('answers lists in the envelope of Exact\'s own SDK fixtures, pages with __next and $skiptoken', async () => {
    const { sim, connect, api } = await started({ rateLimits: { minutely: 1_000 } });
    const { access_token: at } = await connect();
    const division = sim.divisions[0]!;
    for (let i = 0; i < 65; i += 1) {
      const res = await api(at, `/${division}/crm/Accounts`, { method: 'POST', body: JSON.stringify({ Name: `Klant ${i}`, Email: `k${i}@example.nl`, Status: 'C' }) });
      expect(res.status).toBe(201);
    }
    const first = (await (await api(at, `/${division}/crm/Accounts?$select=ID,Code,Name`)).json()) as { d: { results: Record<string, unknown>[]; __next?: string } };
    expect(first.d.results).toHaveLength(60);
    // The same shape as the SDK's own fixture: d.results[] with __metadata {uri, type}, d.__next with $skiptoken=guid'…'.
    const sdk = fixture<{ d: { results: Record<string, unknown>[]; __next: string } }>('sdk-gl-accounts.json');
    expect(Object.keys(first.d).sort()).toEqual(Object.keys(sdk.d).sort());
    expect(first.d.__next).toMatch(/\$skiptoken=guid'[0-9a-f-]{36}'/);
    expect(decodeURIComponent(sdk.d.__next)).toMatch(/\$skiptoken=guid'[0-9a-f-]{36}'/);
    expect(Object.keys(first.d.results[0]!.__metadata as object).sort()).toEqual(Object.keys(sdk.d.results[0]!.__metadata as object).sort());
    expect((first.d.results[0]!.__metadata as { type: string }).type).toBe('Exact.Web.Api.Models.Account');
    expect(first.d.results[0]!.Code).toMatch(/^ {17}\d$|^ {16}\d\d$/);
    const second = (await (await api(at, first.d.__next!.replace(`${sim.url}/api/v1`, ''))).json()) as { d: { results: unknown[]; __next?: string } };
    expect(second.d.results).toHaveLength(5);
    expect(second.d.__next).toBeUndefined();
  });

  it('filters with OData $filter (strings case-insensitive, quotes doubled) and refuses unknown properties', async () => {
    const { sim, connect, api } = await started();
    const { access_token: at } = await connect();
    const d = sim.divisions[0]!;
    await api(at, `/${d}/crm/Accounts`, { method: 'POST', body: JSON.stringify({ Name: "Jan 't Hart", Email: 'jan@example.nl', Status: 'C' }) });
    const hit = (await (await api(at, `/${d}/crm/Accounts?$filter=${encodeURIComponent("Email eq 'JAN@example.nl' and Name eq 'Jan ''t Hart'")}&$select=ID,Email`)).json()) as { d: { results: unknown[] } };
    expect(hit.d.results).toHaveLength(1);
    const bad = await api(at, `/${d}/crm/Accounts?$select=ID,Mail`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: '', message: { lang: '', value: "No property 'Mail' exists in type 'Exact.Web.Api.Models.Account'" } } });
  });

  it('books a sales entry whose totals follow its lines, in the SDK fixture\'s field conventions', async () => {
    const { sim, connect, api } = await started();
    const { access_token: at } = await connect();
    const d = sim.divisions[0]!;
    const books = sim.books.get(d)!;
    const customer = (await (await api(at, `/${d}/crm/Accounts`, { method: 'POST', body: JSON.stringify({ Name: 'Klant', Status: 'C' }) })).json()) as { d: { ID: string } };
    const revenue = books.glAccounts.find((g) => g.Code === '8000')!.ID;
    const res = await api(at, `/${d}/salesentry/SalesEntries`, {
      method: 'POST',
      body: JSON.stringify({
        Journal: '70', Customer: customer.d.ID, EntryDate: '2025-01-10', YourRef: 'WC-1001', Currency: 'EUR',
        SalesEntryLines: [
          { GLAccount: revenue, Description: 'T-shirt', AmountFC: 41.24, VATCode: '02 ' },
          { GLAccount: revenue, Description: 'Boek', AmountFC: 10, VATCode: '01', VATAmountFC: 0.9 },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const entry = ((await res.json()) as { d: Record<string, unknown> }).d;
    // 41.24 × 21 % = 8.6604 → 8.66; the second line's VAT as posted.
    expect(entry).toMatchObject({ YourRef: 'WC-1001', AmountFC: 60.8, VATAmountFC: 9.56, Status: 20, Type: 20, EntryDate: '/Date(1736467200000)/' });
    expect((entry.SalesEntryLines as { __deferred: { uri: string } }).__deferred.uri).toContain('/SalesEntryLines');
    const lines = sim.linesOfEntry(d, entry.EntryID as string);
    const sdkLine = fixture<{ d: { SalesInvoiceLines: { results: Record<string, unknown>[] } } }>('sdk-sales-invoice.json').d.SalesInvoiceLines.results[0]!;
    expect(lines[0]!.VATCode).toBe('02 ');
    expect(String(sdkLine.VATCode)).toHaveLength(3);
    expect(lines[0]).toMatchObject({ VATPercentage: 0.21, VATAmountFC: 8.66 });
  });

  it('uses only field names Exact\'s own SDK fixtures carry (accounts, sales invoices and their lines)', async () => {
    const { sim, connect, api } = await started();
    const { access_token: at } = await connect();
    const d = sim.divisions[0]!;
    const account = ((await (await api(at, `/${d}/crm/Accounts`, { method: 'POST', body: JSON.stringify({ Name: 'Klant', Email: 'k@example.nl', Status: 'C', Country: 'NL' }) })).json()) as { d: Record<string, unknown> }).d;
    // The SDK fixture holds the accounts as the SDK hands them on (envelope and __metadata removed).
    const sdkAccounts = shape(fixture('sdk-accounts.json'));
    const { __metadata: _metadata, ...fields } = account;
    expect([...shape([fields])].filter((k) => !sdkAccounts.has(k))).toEqual([]);
    const item = sim.books.get(d)!.items[0]!.ID;
    const res = await api(at, `/${d}/salesinvoice/SalesInvoices`, {
      method: 'POST', body: JSON.stringify({ Journal: '70', OrderedBy: account.ID, YourRef: 'WC-9', SalesInvoiceLines: [{ Item: item, Quantity: 2, UnitPrice: 12.5, VATCode: '02' }] }),
    });
    const invoice = ((await res.json()) as { d: Record<string, unknown> }).d;
    expect(invoice).toMatchObject({ AmountFC: 30.25, VATAmountFC: 5.25, Status: 20, Type: 8020 });
    const lines = sim.books.get(d)!.invoiceLines.get(invoice.InvoiceID as string)!;
    const sdkInvoice = shape(fixture('sdk-sales-invoice.json'));
    // AmountFCExclVat and the line's ItemCode are in Exact's field lists (picqer's docblocks) but newer than the SDK fixture.
    const ours = shape({ d: { ...invoice, SalesInvoiceLines: { results: lines.map((l) => withMeta(l)) } } });
    expect([...ours].filter((k) => !sdkInvoice.has(k) && !/SalesInvoiceLines\.__deferred/.test(k))).toEqual(['d.AmountFCExclVat', 'd.SalesInvoiceLines.results.ItemCode']);
  });

  it('answers an invalid entry with Exact\'s error body and books nothing', async () => {
    const { sim, connect, api } = await started();
    const { access_token: at } = await connect();
    const d = sim.divisions[0]!;
    const res = await api(at, `/${d}/salesentry/SalesEntries`, { method: 'POST', body: JSON.stringify({ YourRef: 'X' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(tokenFixtures.odataError!.body);
    expect(sim.counters.entriesCreated).toBe(0);
  });

  it('reports both windows in X-RateLimit headers and answers 429 naming only the exceeded one, empty body', async () => {
    let now = Date.parse('2025-03-01T10:00:05Z');
    const { sim, connect, api } = await started({ now: () => now, rateLimits: { minutely: 3, daily: 5 } });
    const { access_token: at } = await connect();
    const divisions = `/${sim.divisions[0]!}/system/Divisions`;
    const ok = await api(at, divisions);
    expect(Object.fromEntries([...ok.headers].filter(([k]) => k.startsWith('x-ratelimit')))).toEqual({
      'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '4', 'x-ratelimit-reset': String(Date.parse('2025-03-02T00:00:00Z')),
      'x-ratelimit-minutely-limit': '3', 'x-ratelimit-minutely-remaining': '2', 'x-ratelimit-minutely-reset': String(Date.parse('2025-03-01T10:01:00Z')),
    });
    await api(at, divisions);
    await api(at, divisions);
    const minutely = await api(at, divisions);
    expect(minutely.status).toBe(tokenFixtures.rateLimitedMinutely!.status);
    expect(await minutely.text()).toBe('');
    expect([...minutely.headers.keys()].filter((k) => k.startsWith('x-ratelimit')).sort()).toEqual(Object.keys(tokenFixtures.rateLimitedMinutely!.headers!).map((k) => k.toLowerCase()).sort());
    now += 60_000;
    await api(at, divisions);
    await api(at, divisions);
    const daily = await api(at, divisions);
    expect(daily.status).toBe(429);
    expect(daily.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(daily.headers.get('x-ratelimit-minutely-remaining')).toBeNull();
    expect(sim.counters.rateLimited).toEqual({ minutely: 1, daily: 1 });
  });

  it('counts a day from midnight to midnight (reset at the start of the following day), and not requests without a company code', async () => {
    let now = Date.parse('2025-03-01T23:58:30Z');
    const { sim, connect, api } = await started({ now: () => now, rateLimits: { minutely: 60, daily: 2 } });
    const { access_token: at } = await connect();
    const divisions = `/${sim.divisions[0]!}/system/Divisions`;
    expect((await api(at, divisions)).status).toBe(200);
    expect((await api(at, divisions)).status).toBe(200);
    const spent = await api(at, divisions);
    expect(spent.status).toBe(429);
    expect(spent.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2025-03-02T00:00:00Z')));
    // "Request URLs that don't have a company code are not counted as the daily limit", e.g. /current/Me.
    const me = await api(at, '/current/Me');
    expect(me.status).toBe(200);
    expect(me.headers.get('x-ratelimit-remaining')).toBeNull();
    expect(me.headers.get('x-ratelimit-minutely-remaining')).toBe('57');
    // Two minutes later it is the next day: the limit is whole again, not 24 hours after the first call.
    now = Date.parse('2025-03-02T00:00:30Z');
    const next = await api(at, divisions);
    expect(next.status).toBe(200);
    expect(next.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(next.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2025-03-03T00:00:00Z')));
  });

  it('answers 401 without a body for an expired access token, and Atom XML without Accept: application/json', async () => {
    let now = Date.parse('2025-03-01T10:00:00Z');
    const { sim, connect, api } = await started({ now: () => now });
    const { access_token: at } = await connect();
    const xml = await fetch(`${sim.url}/api/v1/current/Me`, { headers: { authorization: `Bearer ${at}` } });
    expect(xml.headers.get('content-type')).toContain('application/atom+xml');
    now += 600_000;
    const expired = await api(at, '/current/Me');
    expect(expired.status).toBe(401);
    expect(await expired.text()).toBe('');
  });
});
