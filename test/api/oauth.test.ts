/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
// The harness first: it loads @hono/zod-openapi, which must extend zod before any schema is built.
import { createHarness, type Harness } from './harness';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFactory } from '../../connectors/registry';
import { clearMasterDataCache } from '../../connectors/targets/exact-online/master-data';
import { startExactSimulator, type ExactSimulator } from '../../connectors/targets/exact-online/simulator';
import { getConnection } from '../../db/queries/connections';
import { oauthStates, oauthTokens } from '../../db/schema';
import { EXACT_TEST_APP, testOAuthApps, TEST_REDIRECT_URI } from '../support/exact-tenant';
import { startTestWorker, type TestWorker } from '../support/worker';

describe('API: connecting an OAuth target (Exact Online simulator)', () => {
  let h: Harness;
  let worker: TestWorker;
  let exact: ExactSimulator;
  let tenantId: string;
  let token: string;

  beforeAll(async () => {
    clearMasterDataCache();
    h = await createHarness({ config: { oauthClientIds: { 'exact-online': EXACT_TEST_APP.clientId } } });
    expect(`${h.config.publicUrl}/oauth/callback`).toBe(TEST_REDIRECT_URI);
    worker = await startTestWorker({ database: h.database, connectorFactory, oauth: testOAuthApps, taskQueue: h.taskQueue });
    exact = await startExactSimulator({ seed: 71, ...EXACT_TEST_APP, redirectUris: [TEST_REDIRECT_URI] });
    tenantId = await h.createTenant();
    token = await h.login(await h.createUser('tenant', tenantId));
  });

  afterAll(async () => {
    // No response or log line ever carries an Exact token (access tokens start gAAAA, refresh tokens Gcp7!IAAA).
    expect(h.bodies.filter((b) => /gAAAA|Gcp7!IAAA/.test(b))).toEqual([]);
    expect(h.logs.filter((l) => /gAAAA|Gcp7!IAAA/.test(l))).toEqual([]);
    await h.close();
    await worker?.stop();
    await exact?.stop();
  });

  const startPath = (query: Record<string, string> = {}) => `/tenants/${tenantId}/connections/target/oauth/start?${new URLSearchParams({ vendor: 'exact-online', baseUrl: exact.url, ...query }).toString()}`;

  /** The merchant on Exact's consent page: follow the authorize redirect, come back with code and state. */
  async function consent(location: string): Promise<string> {
    const res = await fetch(location, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(TEST_REDIRECT_URI);
    return `${back.pathname}${back.search}`;
  }

  const bindingCookie = (res: { headers: Headers }) => /doorzet_oauth=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';

  it('refuses a vendor that does not connect through OAuth, and a start without a vendor', async () => {
    const none = await h.request('GET', `/tenants/${tenantId}/connections/target/oauth/start`, { token });
    expect(none.status).toBe(400);
    expect(none.body.error.fields).toEqual([{ path: 'vendor', message: 'Name the vendor to connect.' }]);
    const moneybird = await h.request('GET', `/tenants/${tenantId}/connections/target/oauth/start?vendor=moneybird`, { token });
    expect(moneybird.status).toBe(409);
    expect(moneybird.body.error.code).toBe('NOT_OAUTH');
    expect((await h.request('GET', startPath())).status).toBe(401);
  });

  it('redirects to Exact\'s authorize URL with a state it stores only hashed, bound to this browser by a cookie', async () => {
    const res = await h.request('GET', startPath(), { token });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${exact.url}/api/oauth2/auth`);
    const state = location.searchParams.get('state') ?? '';
    expect(Object.fromEntries(location.searchParams)).toEqual({ client_id: EXACT_TEST_APP.clientId, redirect_uri: TEST_REDIRECT_URI, response_type: 'code', state, force_login: '0' });
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers.get('set-cookie')).toMatch(/^doorzet_oauth=[^;]+; Max-Age=600; Path=\/oauth\/callback; HttpOnly; SameSite=Lax$/);
    const rows = await h.db.select().from(oauthStates).where(eq(oauthStates.tenantId, tenantId));
    expect(rows.map((r) => r.stateHash)).not.toContain(state);
    expect(JSON.stringify(rows)).not.toContain(state);
  });

  it('refuses a callback from another browser (no cookie), and its state cannot be used again', async () => {
    const started = await h.request('GET', startPath(), { token });
    const callback = await consent(started.headers.get('location') ?? '');
    const foreign = await h.request('GET', callback);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('OAUTH_STATE_INVALID');
    const again = await h.request('GET', callback, { headers: { cookie: `doorzet_oauth=${bindingCookie(started)}` } });
    expect(again.body.error.code).toBe('OAUTH_STATE_INVALID');
    expect(await h.db.select().from(oauthTokens).where(eq(oauthTokens.tenantId, tenantId))).toEqual([]);
  });

  it('refuses an expired state and a refused consent', async () => {
    const started = await h.request('GET', startPath(), { token });
    const callback = await consent(started.headers.get('location') ?? '');
    h.advanceClock(11 * 60_000);
    try {
      expect((await h.request('GET', callback, { headers: { cookie: `doorzet_oauth=${bindingCookie(started)}` } })).body.error.code).toBe('OAUTH_STATE_INVALID');
    } finally {
      h.advanceClock(-11 * 60_000);
    }
    exact.faults.set({ consent: 'deny' });
    const denied = await h.request('GET', startPath({ returnTo: '/dashboard/connections' }), { token });
    const back = await consent(denied.headers.get('location') ?? '');
    exact.faults.reset();
    const res = await h.request('GET', back, { headers: { cookie: `doorzet_oauth=${bindingCookie(denied)}` } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dashboard/connections?oauthError=OAUTH_DENIED');
  });

  it('connects: the callback exchanges the code in a workflow, stores the tokens sealed and lists the divisions', async () => {
    const started = await h.request('GET', startPath(), { token });
    const res = await h.request('GET', await consent(started.headers.get('location') ?? ''), { headers: { cookie: `doorzet_oauth=${bindingCookie(started)}` } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      connected: true, vendor: 'exact-online', chosen: null,
      administrations: [
        { id: String(exact.divisions[0]), name: 'Demo Webwinkel B.V.', current: true },
        { id: String(exact.divisions[1]), name: 'Administratie 2', current: false },
      ],
    });
    expect(exact.oauth.counters.codeExchanges).toBe(1);
    const connection = await getConnection(h.db, tenantId, 'target');
    expect(connection).toMatchObject({ vendor: 'exact-online', baseUrl: exact.url, credentialsRejectedAt: null });
    const [tokens] = await h.db.select().from(oauthTokens).where(eq(oauthTokens.tenantId, tenantId));
    expect(tokens).toMatchObject({ version: 1, deadAt: null, connectionId: connection!.id });
    // Sealed under their own slots: the connection's credential seal does not open them.
    await expect(h.vault.open(tenantId, connection!.id, tokens!.sealedRefreshToken, { actor: 'test', purpose: 'assert sealed' })).rejects.toThrow();
    expect(await h.vault.open(tenantId, connection!.id, tokens!.sealedRefreshToken, { actor: 'test', purpose: 'assert sealed' }, 'oauth-refresh')).toMatch(/^Gcp7!IAAA/);
  });

  it('lets the merchant choose one of the divisions, and shows it on the connection with the connect link', async () => {
    const listed = await h.request('GET', `/tenants/${tenantId}/connections/target/administrations`, { token });
    expect(listed.status).toBe(200);
    expect(listed.body.administrations).toHaveLength(2);
    const wrong = await h.request('PUT', `/tenants/${tenantId}/connections/target/administration`, { token, json: { id: '999' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].path).toBe('id');
    const chosen = await h.request('PUT', `/tenants/${tenantId}/connections/target/administration`, { token, json: { id: String(exact.divisions[1]) } });
    expect(chosen.body.chosen).toBe(String(exact.divisions[1]));
    const list = await h.request('GET', `/tenants/${tenantId}/connections`, { token });
    expect(list.body.connections.find((c: { role: string }) => c.role === 'target')).toMatchObject({
      vendor: 'exact-online', auth: 'oauth2', connectUrl: `/tenants/${tenantId}/connections/target/oauth/start`,
      administration: { id: String(exact.divisions[1]), name: 'Administratie 2' },
    });
    // Re-saving the connection (e.g. a timeout) keeps the choice.
    const saved = await h.request('PUT', `/tenants/${tenantId}/connections/target`, { token, json: { vendor: 'exact-online', baseUrl: exact.url, credentials: {}, settings: { timeoutMs: 20_000 } } });
    expect(saved.body.administration).toEqual({ id: String(exact.divisions[1]), name: 'Administratie 2' });
  });

  it('checks target options against Exact\'s own schema in the tenant settings', async () => {
    const bad = await h.request('PUT', `/tenants/${tenantId}/settings`, { token, json: { targetOptions: { booking: 'bon', colour: 'red' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['targetOptions', 'targetOptions.booking']);
    const ok = await h.request('PUT', `/tenants/${tenantId}/settings`, { token, json: { targetOptions: { booking: 'sales-invoice', item: 'WEBSHOP', journal: '71' } } });
    expect(ok.status).toBe(200);
    expect(ok.body.targetOptions).toEqual({ booking: 'sales-invoice', item: 'WEBSHOP', journal: '71' });
  });

  it('sends the browser back to the page that started it after connecting again', async () => {
    const started = await h.request('GET', startPath({ returnTo: '/dashboard/connections' }), { token });
    const res = await h.request('GET', await consent(started.headers.get('location') ?? ''), { headers: { cookie: `doorzet_oauth=${bindingCookie(started)}` } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dashboard/connections?connected=target');
    const [tokens] = await h.db.select().from(oauthTokens).where(eq(oauthTokens.tenantId, tenantId));
    expect(tokens?.version).toBe(2);
    // An absolute returnTo would make the callback an open redirect.
    expect((await h.request('GET', startPath({ returnTo: '//evil.example/x' }), { token })).status).toBe(400);
  });

  it('the dashboard links its connect button to the start route, which takes the page\'s session cookie, and shows the administration', async () => {
    const cookie = `doorzet_session=${token}`;
    const page = await h.request('GET', `/dashboard/${tenantId}/connections`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = page.text;
    const href = /href="([^"]*\/oauth\/start[^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    expect(href).toBe(`/tenants/${tenantId}/connections/target/oauth/start?vendor=exact-online&returnTo=%2Fdashboard%2F${tenantId}%2Fconnections`);
    expect(html).toMatch(/data-testid="target-administration">[^<]+ \(\d+\)</);
    // Following the link with only the cookie (no Bearer): on to Exact's consent page, back to the page.
    const started = await h.request('GET', `${href!}&baseUrl=${encodeURIComponent(exact.url)}`, { headers: { cookie } });
    expect(started.status).toBe(302);
    expect(started.headers.get('location')).toMatch(/\/api\/oauth2\/auth\?client_id=/);
    const res = await h.request('GET', await consent(started.headers.get('location') ?? ''), { headers: { cookie: `doorzet_oauth=${bindingCookie(started)}` } });
    expect(res.headers.get('location')).toBe(`/dashboard/${tenantId}/connections?connected=target`);
    const back = await h.request('GET', `/dashboard/${tenantId}/connections?connected=target`, { headers: { cookie } });
    expect(back.text).toMatch(/Connected\.|Gekoppeld\./);

    // The administration page (linked from the connection) lists what Exact offers; choosing one is a form post.
    expect(back.text).toContain(`href="/dashboard/${tenantId}/connections/target/administration"`);
    const chooser = await h.request('GET', `/dashboard/${tenantId}/connections/target/administration`, { headers: { cookie } });
    expect(chooser.status).toBe(200);
    expect([...chooser.text.matchAll(/name="id" value="(\d+)"/g)].map((m) => m[1])).toEqual(exact.divisions.map(String));
    const csrf = /name="csrf" value="([^"]+)"/.exec(chooser.text)?.[1] ?? '';
    const chosen = await h.request('POST', `/dashboard/${tenantId}/connections/target/administration`, {
      headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, id: String(exact.divisions[0]) }).toString(),
    });
    expect(chosen.status).toBe(303);
    // It was the second division (chosen through the API above); now the first.
    expect((await getConnection(h.db, tenantId, 'target'))?.settings.administration).toEqual({ id: String(exact.divisions[0]), name: 'Demo Webwinkel B.V.' });
    const after = await h.request('GET', `/dashboard/${tenantId}/connections`, { headers: { cookie } });
    expect(after.text).toContain(`Demo Webwinkel B.V. (${exact.divisions[0]})`);
  });
});
