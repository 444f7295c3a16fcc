import { Hono, type Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { deleteSession } from '../../db/queries/sessions';
import { countErrorsSince, countPostedSince, postedPerDay, startOfToday } from '../../db/queries/dashboard-stats';
import { getConnection, listConnections } from '../../db/queries/connections';
import { listTenants } from '../../db/queries/tenants';
import { ERROR_CAUSES } from '../../domain/error-catalogue';
import type { ApiContext } from '../deps';
import { ApiError } from '../errors';
import { logIn } from '../login';
import { listDataBreaches, listTenantDataBreaches } from '../../db/queries/alerts';
import { AlertSettingsInput, BreachInput, loadAlertView, recordBreach, updateAlertSettings } from '../services/alerts';
import { ConnectionInputSchema, connectionJson, saveConnection, testConnection } from '../services/connections';
import { loadErrorGroups, retryErrorCause, retryOneError } from '../services/error-groups';
import { eraseDebtor, exportDebtor, loadAccessRegister, loadDeletions } from '../services/privacy';
import { loadSaleJourney } from '../services/sale-journey';
import { syncService } from '../services/sync';
import { clearSessionCookie, setSessionCookie } from '../session-cookie';
import { AlertsBody, BreachesBody, BreachNotices } from './alerts-page';
import { AdministrationBody, ConnectionsBody, connectionInputFromForm } from './connections-page';
import { chooseTargetAdministration, listTargetAdministrations } from '../services/oauth';
import { ErrorsBody } from './errors-page';
import { Page, tenantTabs, type TenantTab } from './layout';
import { LOCALE_COOKIE, localeOf, toLocale } from './locale';
import { LoginPage } from './login-page';
import { messages } from './messages';
import { OverviewBody } from './overview-page';
import { requireCsrfToken, requirePageSession, pageTenantScope, withLocale, type PageEnv } from './page-session';
import { PrivacyBody } from './privacy-page';
import { SalesBody } from './sales-page';
import { SettingsBody, settingsInputFromForm } from './settings-page';
import { getTenantSettings } from '../../db/queries/tenant-settings';
import { tenantSettingsSchema } from '../../domain/tenant-settings';
import { saveSettings } from '../services/settings';
import { TENANTS_PER_PAGE, TenantsBody } from './tenants-page';

/** Only paths on this site: no scheme, no `//host`. */
export function safeNext(next: unknown, fallback = '/dashboard'): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : fallback;
}

const LoginForm = z.object({
  email: z.email().max(254),
  accountKey: z.string().regex(/^[A-Za-z0-9]{32}$/),
  password: z.string().min(1).max(1024),
});

const roleOf = (role: string): 'source' | 'target' => {
  if (role !== 'source' && role !== 'target') throw new ApiError(404, 'NOT_FOUND', 'Not found.');
  return role;
};

const ORDER_NUMBER = /^[A-Za-z0-9._~-]{1,200}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DashboardOptions {
  /** Extra tenant tabs served by other modules (e.g. settings). */
  extraTabs?: TenantTab[];
}

/** The dashboard: server-rendered pages on the session cookie, for merchants and (any tenant) for ops. */
export function dashboardPages(ctx: ApiContext, options: DashboardOptions = {}) {
  const app = new Hono<PageEnv>();
  const sync = syncService(ctx);
  const tabs = tenantTabs(['settings', ...(options.extraTabs ?? [])]);

  // Form posts must come from this origin (Origin / Sec-Fetch-Site), and carry the session's token.
  // Only on the pages' own paths: a catch-all here would also match every JSON route (and become its routePath).
  for (const path of ['/', '/login', '/logout', '/lang/*', '/dashboard', '/dashboard/*']) app.use(path, withLocale());
  app.on('POST', ['/login', '/logout', '/dashboard/*'], csrf());
  app.use('/logout', requirePageSession(ctx), requireCsrfToken());
  app.use('/dashboard', requirePageSession(ctx));
  app.use('/dashboard/*', requirePageSession(ctx), requireCsrfToken());
  app.use('/dashboard/:tenantId/*', pageTenantScope(ctx));

  /** The frame every tenant page shares. */
  const frame = (c: Context<PageEnv>, title: string, extra: { notice?: string | null; alert?: string | null } = {}) => ({
    t: c.get('t'), locale: c.get('locale'), title, path: new URL(c.req.url).pathname + new URL(c.req.url).search, user: c.get('user'),
    tenant: c.get('tenant') ?? null, csrfToken: c.get('csrfToken'), tabs, ...extra,
  });
  const back = (c: Context<PageEnv>, page: string, query: Record<string, string>) =>
    c.redirect(`/dashboard/${c.get('tenant').id}/${page}?${new URLSearchParams(query).toString()}`, 303);

  app.onError((err, c) => {
    const t = c.get('t') ?? messages(localeOf(c));
    // hono's csrf middleware refuses a cross-origin form post with a 403 HTTPException.
    if (err instanceof HTTPException && !(err instanceof ApiError)) return c.html(<p>{t.common.unknownError}</p>, err.status);
    const status = err instanceof ApiError ? err.status : 500;
    if (!(err instanceof ApiError)) ctx.logger.error({ err: { name: err.name, message: err.message, stack: err.stack } }, 'page failed');
    const text = err instanceof ApiError
      ? [err.status === 404 ? t.common.notFound : err.message, ...(err.fields ?? []).map((f) => `${f.path}: ${f.message}`)].join(' ')
      : t.common.unknownError;
    const user = c.get('user');
    return c.html(
      <Page t={t} locale={c.get('locale') ?? 'en'} title={t.appName} path={new URL(c.req.url).pathname} user={user ?? null}
        tenant={c.get('tenant') ?? null} csrfToken={c.get('csrfToken')} alert={text} tabs={tabs}>
        <p><a href={c.req.header('referer')?.startsWith(new URL(c.req.url).origin) ? c.req.header('referer') : '/dashboard'}>←</a></p>
      </Page>,
      status,
    );
  });

  app.get('/', (c) => c.redirect('/dashboard', 303));

  app.get('/lang/:locale', (c) => {
    const locale = toLocale(c.req.param('locale'));
    if (locale) setCookie(c, LOCALE_COOKIE, locale, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400, secure: ctx.config.publicUrl.startsWith('https:') });
    return c.redirect(safeNext(c.req.query('next'), '/login'), 303);
  });

  app.get('/login', (c) => {
    const t = c.get('t');
    const notice = c.req.query('out') ? t.login.loggedOut : c.req.query('next') ? t.login.expired : null;
    return c.html(<LoginPage t={t} locale={c.get('locale')} next={safeNext(c.req.query('next'))} notice={notice} />);
  });

  app.post('/login', async (c) => {
    const t = c.get('t');
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    const page = (status: 400 | 401 | 429, alert: string) =>
      c.html(<LoginPage t={t} locale={c.get('locale')} next={next} email={typeof form.email === 'string' ? form.email.slice(0, 254) : ''} alert={alert} />, status);
    const input = LoginForm.safeParse(form);
    if (!input.success) return page(400, t.login.badInput);
    try {
      const session = await logIn(ctx, input.data, ctx.clientIp(c));
      setSessionCookie(c, session.token, session.expiresAt, ctx.config.publicUrl);
      return c.redirect(next, 303);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) {
        const seconds = Number(error.headers?.['Retry-After'] ?? 60);
        c.header('Retry-After', String(seconds));
        return page(429, t.login.throttled(Math.max(1, Math.ceil(seconds / 60))));
      }
      if (error instanceof ApiError && error.status === 401) return page(401, t.login.invalid);
      throw error;
    }
  });

  app.post('/logout', async (c) => {
    await deleteSession(ctx.db, c.get('sessionHash'));
    clearSessionCookie(c);
    return c.redirect('/login?out=1', 303);
  });

  app.get('/dashboard', (c) => {
    const user = c.get('user');
    return c.redirect(user.role === 'ops' || !user.tenantId ? '/dashboard/tenants' : `/dashboard/${user.tenantId}/overview`, 303);
  });

  app.get('/dashboard/tenants', async (c) => {
    if (c.get('user').role !== 'ops') throw new ApiError(404, 'NOT_FOUND', 'Not found.');
    const t = c.get('t');
    const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
    const search = (c.req.query('search') ?? '').trim().slice(0, 100);
    const { rows, total } = await listTenants(ctx.db, { limit: TENANTS_PER_PAGE, offset, search: search || undefined });
    return c.html(<Page {...frame(c, t.tenants.title)}><TenantsBody t={t} rows={rows} total={total} offset={offset} search={search} /></Page>);
  });

  // Overview
  app.get('/dashboard/:tenantId/overview', async (c) => {
    const t = c.get('t');
    const tenantId = c.get('tenant').id;
    const now = ctx.now();
    const [status, target, today] = await Promise.all([sync.statusOrNull(tenantId), getConnection(ctx.db, tenantId, 'target'), startOfToday(ctx.db, now)]);
    const [postedToday, failedToday, perDay] = await Promise.all([
      countPostedSince(ctx.db, tenantId, today), countErrorsSince(ctx.db, tenantId, today), postedPerDay(ctx.db, tenantId, 14, now),
    ]);
    const rateLimit = target ? ctx.rateLimitOf(target.vendor, target.settings.rateLimit) : null;
    const done = c.req.query('done');
    const notice = done ? ({ paused: t.overview.paused, resumed: t.overview.running, started: t.overview.running, polled: t.overview.syncNow } as Record<string, string>)[done] ?? null : null;
    return c.html(
      <Page {...frame(c, t.overview.title, { notice })}>
        <OverviewBody t={t} locale={c.get('locale')} csrf={c.get('csrfToken')} data={{ tenantId, status, rateLimit, postedToday, failedToday, perDay }} />
      </Page>,
    );
  });
  app.post('/dashboard/:tenantId/overview/start', async (c) => {
    await sync.start(c.get('tenant').id, c.get('user'));
    return back(c, 'overview', { done: 'started' });
  });
  app.post('/dashboard/:tenantId/overview/pause', async (c) => {
    const raw = (await c.req.parseBody()).reason;
    const reason = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
    if (!reason) throw new ApiError(400, 'VALIDATION', c.get('t').overview.pauseReason);
    await sync.pause(c.get('tenant').id, c.get('user'), reason);
    return back(c, 'overview', { done: 'paused' });
  });
  app.post('/dashboard/:tenantId/overview/resume', async (c) => {
    await sync.resume(c.get('tenant').id, c.get('user'));
    return back(c, 'overview', { done: 'resumed' });
  });
  app.post('/dashboard/:tenantId/overview/sync-now', async (c) => {
    await sync.syncNow(c.get('tenant').id);
    return back(c, 'overview', { done: 'polled' });
  });

  // Sales
  app.get('/dashboard/:tenantId/sales', async (c) => {
    const t = c.get('t');
    const query = (c.req.query('order') ?? '').trim();
    const user = c.get('user');
    const journey = query && ORDER_NUMBER.test(query) ? await loadSaleJourney(ctx, c.get('tenant').id, query, user.role === 'tenant') : null;
    return c.html(
      <Page {...frame(c, t.sales.title)}>
        <SalesBody t={t} locale={c.get('locale')} tenantId={c.get('tenant').id} query={query} journey={journey} showTemporalLink={user.role === 'ops'} />
      </Page>,
    );
  });

  // Errors
  app.get('/dashboard/:tenantId/errors', async (c) => {
    const t = c.get('t');
    const groups = await loadErrorGroups(ctx, c.get('tenant').id, 'open', c.get('user').role === 'tenant');
    const started = c.req.query('started');
    const notice = c.req.query('one') ? t.errors.retriedOne : started !== undefined ? t.errors.retried(Number(started), Number(c.req.query('running') ?? 0)) : null;
    return c.html(<Page {...frame(c, t.errors.title, { notice })}><ErrorsBody t={t} locale={c.get('locale')} csrf={c.get('csrfToken')} tenantId={c.get('tenant').id} groups={groups} /></Page>);
  });
  app.post('/dashboard/:tenantId/errors/retry-cause', async (c) => {
    const cause = z.enum(ERROR_CAUSES).safeParse((await c.req.parseBody()).cause);
    if (!cause.success) throw new ApiError(400, 'VALIDATION', 'Invalid request: cause.');
    const result = await retryErrorCause(ctx, c.get('tenant').id, cause.data, c.get('user'));
    return back(c, 'errors', { started: String(result.started), running: String(result.alreadyRunning) });
  });
  app.post('/dashboard/:tenantId/errors/:errorId/retry', async (c) => {
    const errorId = c.req.param('errorId');
    if (!UUID.test(errorId)) throw new ApiError(404, 'NOT_FOUND', 'Not found.');
    await retryOneError(ctx, c.get('tenant').id, errorId, c.get('user'));
    return back(c, 'errors', { one: '1' });
  });

  // Connections
  app.get('/dashboard/:tenantId/connections', async (c) => {
    const t = c.get('t');
    const rows = await listConnections(ctx.db, c.get('tenant').id);
    const test = c.req.query('test');
    const oauthError = c.req.query('oauthError');
    const notice = c.req.query('saved') ? t.connections.saved : test === 'ok' ? t.connections.testOk : c.req.query('connected') ? t.connections.oauthConnected : null;
    const alert = test && test !== 'ok' ? t.connections.testFailed(test.slice(0, 40)) : oauthError ? t.connections.oauthFailed(oauthError.slice(0, 40)) : null;
    return c.html(
      <Page {...frame(c, t.connections.title, { notice, alert })}>
        <ConnectionsBody t={t} locale={c.get('locale')} csrf={c.get('csrfToken')} tenantId={c.get('tenant').id} connections={rows.map((r) => connectionJson(r, ctx.config.publicUrl))} />
      </Page>,
    );
  });
  app.post('/dashboard/:tenantId/connections/:role/test', async (c) => {
    const result = await testConnection(ctx, c.get('tenant').id, roleOf(c.req.param('role')));
    return back(c, 'connections', { test: result.ok ? 'ok' : result.code });
  });

  // The administration an OAuth target books into (asked of the vendor only when this page is opened).
  app.get('/dashboard/:tenantId/connections/target/administration', async (c) => {
    const t = c.get('t');
    const tenantId = c.get('tenant').id;
    const listed = await listTargetAdministrations(ctx, tenantId);
    return c.html(
      <Page {...frame(c, t.connections.chooseAdministration)}>
        <AdministrationBody t={t} csrf={c.get('csrfToken')} tenantId={tenantId} administrations={listed.administrations} chosen={listed.chosen} />
      </Page>,
    );
  });
  app.post('/dashboard/:tenantId/connections/target/administration', async (c) => {
    const id = (await c.req.parseBody()).id;
    if (typeof id !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new ApiError(400, 'VALIDATION', c.get('t').connections.chooseAdministration, [{ path: 'id', message: 'choose one' }]);
    await chooseTargetAdministration(ctx, c.get('tenant').id, id, c.get('user'));
    return back(c, 'connections', { saved: 'target' });
  });
  app.post('/dashboard/:tenantId/connections/:role', async (c) => {
    const role = roleOf(c.req.param('role'));
    const tenantId = c.get('tenant').id;
    const existing = await getConnection(ctx.db, tenantId, role);
    const parsed = ConnectionInputSchema.safeParse(connectionInputFromForm(await c.req.parseBody(), existing?.settings));
    if (!parsed.success) {
      // Paths and zod's messages only: a rejected secret never comes back.
      throw new ApiError(400, 'VALIDATION', c.get('t').connections.credentialsHint, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    }
    await saveConnection(ctx, tenantId, role, parsed.data, c.get('user'));
    return back(c, 'connections', { saved: role });
  });
  // Privacy
  app.get('/dashboard/:tenantId/privacy', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant');
    const [deletions, register, breaches] = await Promise.all([loadDeletions(ctx, tenant.id), loadAccessRegister(ctx, tenant.id), listTenantDataBreaches(ctx.db, tenant.id)]);
    const erased = c.req.query('erased');
    const notice = erased ? t.privacy.erased(Number(erased.split(',')[0]), Number(erased.split(',')[1] ?? 0)) : null;
    return c.html(
      <Page {...frame(c, t.privacy.title, { notice })}>
        <PrivacyBody t={t} locale={c.get('locale')} csrf={c.get('csrfToken')} breaches={<BreachNotices t={t} locale={c.get('locale')} breaches={breaches} />}
          data={{ tenantId: tenant.id, contract: { startsOn: tenant.contractStartsOn, endsOn: tenant.contractEndsOn }, deletions, register }} />
      </Page>,
    );
  });
  app.get('/dashboard/:tenantId/privacy/export', async (c) => {
    const email = z.email().max(254).safeParse(c.req.query('email'));
    if (!email.success) throw new ApiError(400, 'VALIDATION', 'Invalid request: email.');
    const body = await exportDebtor(ctx, c.get('tenant').id, email.data);
    c.header('Content-Disposition', 'attachment; filename="doorzet-export.json"');
    return c.json(body, 200);
  });
  app.post('/dashboard/:tenantId/privacy/erase', async (c) => {
    const form = await c.req.parseBody();
    const email = z.email().max(254).safeParse(form.email);
    if (!email.success || form.confirm !== 'yes') throw new ApiError(400, 'VALIDATION', 'Invalid request: email.');
    const result = await eraseDebtor(ctx, c.get('tenant').id, email.data, c.get('user'));
    return back(c, 'privacy', { erased: `${result.debtorsDeleted},${result.errorRecordsRedacted}` });
  });

  // Alerts
  app.get('/dashboard/:tenantId/alerts', async (c) => {
    const t = c.get('t');
    const view = await loadAlertView(ctx, c.get('tenant').id);
    return c.html(<Page {...frame(c, t.alerts.title, { notice: c.req.query('saved') ? t.alerts.saved : null })}><AlertsBody t={t} locale={c.get('locale')} csrf={c.get('csrfToken')} tenantId={c.get('tenant').id} view={view} /></Page>);
  });
  app.post('/dashboard/:tenantId/alerts', async (c) => {
    const form = await c.req.parseBody();
    const emails = typeof form.emails === 'string' ? form.emails.split(/[\s,;]+/).filter(Boolean) : [];
    const slack = typeof form.slackWebhookUrl === 'string' && form.slackWebhookUrl.trim() ? form.slackWebhookUrl.trim() : undefined;
    const input = AlertSettingsInput.safeParse({ emails, slackWebhookUrl: form.removeSlack === 'yes' ? null : slack });
    if (!input.success) throw new ApiError(400, 'VALIDATION', c.get('t').alerts.emails, input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    await updateAlertSettings(ctx, c.get('tenant').id, input.data, c.get('user'));
    return back(c, 'alerts', { saved: '1' });
  });

  // Settings (GET/PUT /tenants/:id/settings share saveSettings)
  app.get('/dashboard/:tenantId/settings', async (c) => {
    const t = c.get('t');
    const settings = await getTenantSettings(ctx.db, c.get('tenant').id);
    return c.html(<Page {...frame(c, t.settings.title, { notice: c.req.query('saved') ? t.settings.saved : null })}><SettingsBody t={t} csrf={c.get('csrfToken')} tenantId={c.get('tenant').id} settings={settings} /></Page>);
  });
  app.post('/dashboard/:tenantId/settings', async (c) => {
    // The form has no target options, sync start or till-day delay; the stored ones are kept.
    const saved = await getTenantSettings(ctx.db, c.get('tenant').id);
    const input = tenantSettingsSchema.safeParse({ ...settingsInputFromForm(await c.req.parseBody(), saved), targetOptions: saved.targetOptions });
    if (!input.success) throw new ApiError(400, 'VALIDATION', c.get('t').settings.title, input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    await saveSettings(ctx, c.get('tenant').id, input.data, c.get('user'));
    return back(c, 'settings', { saved: '1' });
  });

  // Data breaches (ops)
  const opsOnly = (c: Context<PageEnv>) => {
    if (c.get('user').role !== 'ops') throw new ApiError(404, 'NOT_FOUND', 'Not found.');
  };
  app.get('/dashboard/breaches', async (c) => {
    opsOnly(c);
    const t = c.get('t');
    const [breaches, tenants] = await Promise.all([listDataBreaches(ctx.db), listTenants(ctx.db, { limit: 500, offset: 0 })]);
    return c.html(
      <Page {...frame(c, t.breaches.title, { notice: c.req.query('recorded') ? t.breaches.recorded : null })}>
        <BreachesBody t={t} locale={c.get('locale')} csrf={c.get('csrfToken')} tenants={tenants.rows.map((r) => ({ id: r.id, name: r.name }))} breaches={breaches} />
      </Page>,
    );
  });
  app.post('/dashboard/breaches', async (c) => {
    opsOnly(c);
    const form = await c.req.parseBody({ all: true });
    const tenantIds = ([] as unknown[]).concat(form.tenantIds ?? []).filter((v): v is string => typeof v === 'string');
    // datetime-local has no zone: taken as UTC, as the label says.
    const foundAt = typeof form.foundAt === 'string' && form.foundAt ? new Date(`${form.foundAt}:00`).toISOString() : '';
    const input = BreachInput.safeParse({ description: form.description, foundAt, tenantIds });
    if (!input.success) throw new ApiError(400, 'VALIDATION', c.get('t').breaches.record, input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    await recordBreach(ctx, input.data, c.get('user'));
    return c.redirect('/dashboard/breaches?recorded=1', 303);
  });

  return app;
}
