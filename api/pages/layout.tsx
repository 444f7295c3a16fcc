import type { Child } from 'hono/jsx';
import type { SessionUser } from '../../db/queries/sessions';
import type { Locale } from './locale';
import type { Messages } from './messages';
import { STYLES } from './styles';

export interface PageFrame {
  locale: Locale;
  t: Messages;
  title: string;
  /** The path of this page, for the language switch and the nav's current item. */
  path: string;
  user?: SessionUser | null;
  /** The tenant being viewed (its pages get a nav). */
  tenant?: { id: string; name: string } | null;
  csrfToken?: string;
  notice?: string | null;
  alert?: string | null;
}

export type TenantTab = 'overview' | 'sales' | 'errors' | 'connections' | 'alerts' | 'privacy' | 'settings';

const TABS: TenantTab[] = ['overview', 'sales', 'errors', 'connections', 'alerts', 'privacy'];

/** Tabs that exist in this build (settings appears when the tenant settings API is there). */
export function tenantTabs(extra: TenantTab[] = []): TenantTab[] {
  return [...TABS, ...extra];
}

export function Page(props: PageFrame & { tabs?: TenantTab[]; children?: Child }) {
  const { t, locale, user, tenant } = props;
  const other: Locale = locale === 'nl' ? 'en' : 'nl';
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t.appName}`}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLES }} />
      </head>
      <body>
        <a class="skip" href="#main">{t.skipToContent}</a>
        <header class="top">
          <a class="brand" href="/dashboard">{t.appName}</a>
          <div class="who">
            {user?.role === 'ops' && tenant ? <span>{t.viewingTenant}: <strong>{tenant.name}</strong> (<a href="/dashboard/tenants">{t.switchTenant}</a>)</span> : null}
            <a href={`/lang/${other}?next=${encodeURIComponent(props.path)}`} lang={other} hreflang={other}>{t.switchTo}</a>
            {user ? (
              <>
                <span>{t.loggedInAs} {user.email}{user.role === 'ops' ? <> <span class="badge">{t.opsBadge}</span></> : null}</span>
                <form class="inline" method="post" action="/logout">
                  <input type="hidden" name="csrf" value={props.csrfToken ?? ''} />
                  <button type="submit" class="link">{t.logout}</button>
                </form>
              </>
            ) : null}
          </div>
        </header>
        {user?.role === 'ops' ? (
          <nav class="tabs" aria-label="ops">
            <ul>
              <li><a href="/dashboard/tenants" aria-current={props.path.startsWith('/dashboard/tenants') ? 'page' : undefined}>{t.nav.tenants}</a></li>
              <li><a href="/dashboard/breaches" aria-current={props.path.startsWith('/dashboard/breaches') ? 'page' : undefined}>{t.nav.breaches}</a></li>
            </ul>
          </nav>
        ) : null}
        {tenant ? (
          <nav class="tabs" aria-label={t.nav.overview}>
            <ul>
              {(props.tabs ?? tenantTabs()).map((tab) => {
                const href = `/dashboard/${tenant.id}/${tab}`;
                return <li><a href={href} aria-current={props.path.startsWith(href) ? 'page' : undefined}>{t.nav[tab]}</a></li>;
              })}
            </ul>
          </nav>
        ) : null}
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.notice ? <div class="notice" role="status">{props.notice}</div> : null}
          {props.alert ? <div class="alert" role="alert">{props.alert}</div> : null}
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A hidden CSRF field for forms (the Origin check is the main defence; this is the second). */
export function Csrf(props: { token: string }) {
  return <input type="hidden" name="csrf" value={props.token} />;
}

export function formatTime(iso: string | Date | null | undefined, locale: Locale): string {
  if (!iso) return '';
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return date.toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
}

export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  return new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString(locale === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });
}

export function formatCents(cents: number | null | undefined, locale: Locale): string {
  if (cents === null || cents === undefined) return '';
  return new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
