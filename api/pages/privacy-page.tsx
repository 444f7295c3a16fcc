import type { Child } from 'hono/jsx';
import type { loadAccessRegister, loadDeletions } from '../services/privacy';
import { Csrf, formatDate, formatTime } from './layout';
import type { Locale } from './locale';
import type { Messages } from './messages';

export interface PrivacyData {
  tenantId: string;
  contract: { startsOn: string | null; endsOn: string | null };
  deletions: Awaited<ReturnType<typeof loadDeletions>>;
  register: Awaited<ReturnType<typeof loadAccessRegister>>;
}

function keptFor(k: { months?: number; days?: number }, locale: Locale): string {
  const nl = locale === 'nl';
  if (k.months) return nl ? `${k.months} ${k.months === 1 ? 'maand' : 'maanden'}` : `${k.months} month${k.months === 1 ? '' : 's'}`;
  if (k.days) return nl ? `${k.days} dagen` : `${k.days} days`;
  return nl ? 'tot het einde' : 'until then';
}

export function PrivacyBody(props: { t: Messages; locale: Locale; csrf: string; data: PrivacyData; breaches?: Child }) {
  const { t, locale, data } = props;
  const base = `/dashboard/${data.tenantId}/privacy`;
  return (
    <>
      {props.breaches}
      <section class="card" aria-labelledby="contract-h">
        <h2 id="contract-h">{t.privacy.contract}</h2>
        {data.contract.startsOn ? (
          <dl class="facts">
            <dt>{t.privacy.startsOn}</dt><dd>{formatDate(data.contract.startsOn, locale)}</dd>
            <dt>{t.privacy.endsOn}</dt><dd>{data.contract.endsOn ? formatDate(data.contract.endsOn, locale) : t.privacy.openEnded}</dd>
          </dl>
        ) : <p>{t.privacy.noContract}</p>}
        <h3>{t.privacy.deletions}</h3>
        {data.deletions.deletions.length === 0 ? <p>{t.privacy.noDeletions}</p> : (
          <table data-testid="deletions">
            <thead><tr><th scope="col">{t.privacy.due}</th><th scope="col">{t.privacy.data}</th><th scope="col">{t.privacy.then}</th></tr></thead>
            <tbody>{data.deletions.deletions.map((d) => <tr><td>{formatTime(d.dueAt, locale)}</td><td>{d.data ?? d.rule}</td><td>{d.then ?? ''}</td></tr>)}</tbody>
          </table>
        )}
        <details>
          <summary>{t.privacy.rules}</summary>
          <table>
            <thead><tr><th scope="col">{t.privacy.data}</th><th scope="col">{t.privacy.due}</th><th scope="col">{t.privacy.then}</th></tr></thead>
            <tbody>{data.deletions.rules.map((r) => <tr><td>{r.data}</td><td>{keptFor(r.keptFor, locale)}</td><td>{r.then}</td></tr>)}</tbody>
          </table>
        </details>
      </section>
      <section class="card" aria-labelledby="register-h">
        <h2 id="register-h">{t.privacy.register}</h2>
        <p class="muted">{t.privacy.registerIntro}</p>
        {data.register.length === 0 ? <p>{t.privacy.noAccess}</p> : (
          <table data-testid="access-register">
            <thead><tr><th scope="col">{t.privacy.at}</th><th scope="col">{t.privacy.actor}</th><th scope="col">{t.privacy.action}</th><th scope="col">{t.privacy.reason}</th></tr></thead>
            <tbody>{data.register.slice(0, 100).map((e) => <tr><td>{formatTime(e.at, locale)}</td><td>{e.actor}</td><td>{e.action}</td><td>{e.reason}</td></tr>)}</tbody>
          </table>
        )}
      </section>
      <section class="card" aria-labelledby="gdpr-h">
        <h2 id="gdpr-h">{t.privacy.gdpr}</h2>
        <form method="get" action={`${base}/export`}>
          <label for="export-email">{t.privacy.email}</label>
          <input id="export-email" name="email" type="email" required />
          <div class="actions"><button type="submit" class="secondary">{t.privacy.export}</button></div>
        </form>
        <form method="post" action={`${base}/erase`}>
          <Csrf token={props.csrf} />
          <label for="erase-email">{t.privacy.email}</label>
          <input id="erase-email" name="email" type="email" required />
          <label><input type="checkbox" name="confirm" value="yes" required /> {t.privacy.eraseConfirm}</label>
          <div class="actions"><button type="submit" class="danger">{t.privacy.erase}</button></div>
        </form>
      </section>
    </>
  );
}
