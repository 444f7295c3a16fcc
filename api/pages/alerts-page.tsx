import type { DataBreachRow } from '../../db/queries/alerts';
import type { loadAlertView } from '../services/alerts';
import { Csrf, formatTime } from './layout';
import type { Locale } from './locale';
import type { Messages } from './messages';

export function AlertsBody(props: { t: Messages; locale: Locale; csrf: string; tenantId: string; view: Awaited<ReturnType<typeof loadAlertView>> }) {
  const { t, view } = props;
  return (
    <>
      <section class="card">
        <p>{t.alerts.intro}</p>
        <form method="post" action={`/dashboard/${props.tenantId}/alerts`}>
          <Csrf token={props.csrf} />
          <label for="alert-emails">{t.alerts.emails}</label>
          <textarea id="alert-emails" name="emails">{view.emails.join('\n')}</textarea>
          <label for="alert-slack">{t.alerts.slack}</label>
          <p class="hint" id="alert-slack-hint">{view.slackConfigured ? `${t.alerts.slackStored} ` : ''}{t.alerts.slackHint}</p>
          <input id="alert-slack" name="slackWebhookUrl" type="password" autocomplete="off" aria-describedby="alert-slack-hint" />
          {view.slackConfigured ? <label><input type="checkbox" name="removeSlack" value="yes" /> {t.alerts.removeSlack}</label> : null}
          <div class="actions"><button type="submit">{t.alerts.save}</button></div>
        </form>
      </section>
      <section class="card" aria-labelledby="recent-h">
        <h2 id="recent-h">{t.alerts.recent}</h2>
        {view.recent.length === 0 ? <p>{t.alerts.none}</p> : (
          <table data-testid="recent-alerts">
            <thead><tr><th scope="col">{t.alerts.sentAt}</th><th scope="col">{t.alerts.kind}</th><th scope="col">{t.errors.message}</th></tr></thead>
            <tbody>{view.recent.map((a) => <tr><td>{formatTime(a.at, props.locale)}</td><td>{a.kind}</td><td>{a.subject}</td></tr>)}</tbody>
          </table>
        )}
      </section>
    </>
  );
}

export function BreachNotices(props: { t: Messages; locale: Locale; breaches: DataBreachRow[] }) {
  const { t } = props;
  return (
    <section class="card" aria-labelledby="breaches-h" data-testid="breach-notices">
      <h2 id="breaches-h">{t.privacy.breaches}</h2>
      {props.breaches.length === 0 ? <p>{t.privacy.noBreaches}</p> : props.breaches.map((b) => (
        <div class="warn" role="note">
          <strong>{t.privacy.foundAt}: {formatTime(b.foundAt, props.locale)}</strong>
          <p style="margin:.3rem 0 0">{b.description}</p>
        </div>
      ))}
    </section>
  );
}

export function BreachesBody(props: { t: Messages; locale: Locale; csrf: string; tenants: { id: string; name: string }[]; breaches: (DataBreachRow & { tenantIds: string[] })[] }) {
  const { t } = props;
  const names = new Map(props.tenants.map((x) => [x.id, x.name]));
  return (
    <>
      <section class="card" aria-labelledby="record-h">
        <h2 id="record-h">{t.breaches.record}</h2>
        <form method="post" action="/dashboard/breaches">
          <Csrf token={props.csrf} />
          <label for="breach-what">{t.breaches.what}</label>
          <textarea id="breach-what" name="description" required minlength={10} maxlength={4000} />
          <label for="breach-found">{t.breaches.foundAt}</label>
          <input id="breach-found" name="foundAt" type="datetime-local" required />
          <fieldset>
            <legend>{t.breaches.tenants}</legend>
            {props.tenants.map((x) => <label style="font-weight:400"><input type="checkbox" name="tenantIds" value={x.id} /> {x.name}</label>)}
          </fieldset>
          <div class="actions"><button type="submit" class="danger">{t.breaches.submit}</button></div>
        </form>
      </section>
      <section class="card" aria-labelledby="register-h">
        <h2 id="register-h">{t.breaches.register}</h2>
        {props.breaches.length === 0 ? <p>{t.breaches.none}</p> : (
          <table data-testid="breach-register">
            <thead><tr><th scope="col">{t.privacy.foundAt}</th><th scope="col">{t.privacy.what}</th><th scope="col">{t.breaches.tenants}</th></tr></thead>
            <tbody>{props.breaches.map((b) => <tr><td>{formatTime(b.foundAt, props.locale)}</td><td>{b.description}</td><td>{b.tenantIds.map((id) => names.get(id) ?? id).join(', ')}</td></tr>)}</tbody>
          </table>
        )}
      </section>
    </>
  );
}
