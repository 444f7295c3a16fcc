import type { ZodType } from 'zod';
import { vendorDescriptor, vendorsFor, type ConnectionRole } from '../../connectors/catalogue';
import type { ConnectionRow } from '../../db/queries/connections';
import type { connectionJson } from '../services/connections';
import { Csrf, formatTime } from './layout';
import type { Locale } from './locale';
import type { Messages } from './messages';

type ConnectionView = ReturnType<typeof connectionJson>;

/** "consumerKey" → "Consumer key": labels come from the vendor's credential schema, not from this page. */
export function fieldLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const SECRET_FIELD = /secret|token|password|key/i;

/** The credential fields of a vendor, read from its descriptor's schema. */
export function credentialFields(role: ConnectionRole, vendor: string): { name: string; label: string; secret: boolean; description: string | undefined }[] {
  const schema = vendorDescriptor(role, vendor)?.credentialsSchema;
  if (!schema) return [];
  return Object.entries(schema.shape as Record<string, ZodType>).map(([name, field]) => ({
    name, label: fieldLabel(name), secret: SECRET_FIELD.test(name), description: field.description,
  }));
}

export function vendorName(role: ConnectionRole, vendor: string): string {
  return vendorDescriptor(role, vendor)?.displayName ?? fieldLabel(vendor);
}

function RoleSection(props: { t: Messages; locale: Locale; csrf: string; tenantId: string; role: ConnectionRole; current: ConnectionView | undefined }) {
  const { t, role, current } = props;
  const base = `/dashboard/${props.tenantId}/connections/${role}`;
  const heading = role === 'source' ? t.connections.source : t.connections.target;
  return (
    <section class="card" aria-labelledby={`${role}-h`} data-testid={`connection-${role}`}>
      <h2 id={`${role}-h`}>{heading}</h2>
      {current ? (
        <dl class="facts">
          <dt>{t.connections.vendor}</dt><dd>{vendorName(role, current.vendor)}</dd>
          <dt>{t.connections.baseUrl}</dt><dd><code>{current.baseUrl}</code></dd>
          <dt>{t.connections.credentials}</dt><dd>{current.hasCredentials ? `${t.connections.stored} (${formatTime(current.updatedAt, props.locale)})` : t.connections.noCredentials}</dd>
          {current.settings.administration ? <><dt>{t.connections.administration}</dt><dd data-testid={`${role}-administration`}>{current.settings.administration.name} ({current.settings.administration.id})</dd></> : null}
          {role === 'target' && vendorDescriptor(role, current.vendor)?.auth === 'oauth2' && current.hasCredentials
            ? <><dt /><dd><a href={`${base}/administration`} data-testid="choose-administration">{t.connections.chooseAdministration}</a></dd></> : null}
        </dl>
      ) : <p>{t.connections.notConnected}</p>}
      {current?.credentialsRejectedAt ? <div class="alert" role="alert">{t.connections.rejected}</div> : null}
      {vendorsFor(role).map((vendor) => {
        const id = `${role}-${vendor}`;
        const descriptor = vendorDescriptor(role, vendor);
        if (descriptor?.auth === 'oauth2') {
          // OAuth vendors: a link to the API's start route (it takes the session cookie), which sends the browser
          // to the vendor's consent page; the callback brings it back here with ?connected=<role> or ?oauthError=<code>.
          const start = `/tenants/${props.tenantId}/connections/${role}/oauth/start?${new URLSearchParams({ vendor, returnTo: `/dashboard/${props.tenantId}/connections` }).toString()}`;
          return <p><a class="button" href={start}>{t.connections.oauthLater} {vendorName(role, vendor)}</a></p>;
        }
        return (
          <form method="post" action={base} aria-label={`${heading}: ${vendorName(role, vendor)}`}>
            <Csrf token={props.csrf} />
            <input type="hidden" name="vendor" value={vendor} />
            <h3>{vendorName(role, vendor)}</h3>
            <label for={`${id}-baseUrl`}>{t.connections.baseUrl}</label>
            <p class="hint" id={`${id}-baseUrl-hint`}>{descriptor?.baseUrlHelp ?? t.connections.baseUrlHint}</p>
            <input id={`${id}-baseUrl`} name="baseUrl" type="url" required aria-describedby={`${id}-baseUrl-hint`}
              value={current?.vendor === vendor ? current.baseUrl : descriptor?.defaultBaseUrl ?? ''} />
            <p class="hint">{t.connections.credentialsHint}</p>
            {credentialFields(role, vendor).map((f) => (
              <>
                <label for={`${id}-${f.name}`}>{f.label}</label>
                {f.description ? <p class="hint">{f.description}</p> : null}
                <input id={`${id}-${f.name}`} name={`credentials.${f.name}`} type={f.secret ? 'password' : 'text'} autocomplete="off" required />
              </>
            ))}
            <div class="actions"><button type="submit">{t.connections.save}</button></div>
          </form>
        );
      })}
      {current ? (
        <form method="post" action={`${base}/test`} class="actions">
          <Csrf token={props.csrf} />
          <button type="submit" class="secondary">{t.connections.test}</button>
        </form>
      ) : null}
      {current?.webhookUrl ? (
        <div data-testid="webhook-setup">
          <h3>{t.connections.webhook}</h3>
          <dl class="facts">
            <dt>{t.connections.webhookUrl}</dt><dd><code data-testid="webhook-url">{current.webhookUrl}</code></dd>
            <dt>{t.connections.webhookTopics}</dt><dd>{current.webhookTopics.map((topic) => <code>{topic}</code>).reduce<unknown[]>((all, el, i) => (i ? [...all, ', ', el] : [el]), [])}</dd>
          </dl>
          <p class="hint">{t.connections.webhookSecret}</p>
        </div>
      ) : null}
    </section>
  );
}

export function ConnectionsBody(props: { t: Messages; locale: Locale; csrf: string; tenantId: string; connections: ConnectionView[] }) {
  return (
    <>
      {(['source', 'target'] as const).map((role) => (
        <RoleSection {...props} role={role} current={props.connections.find((c) => c.role === role)} />
      ))}
    </>
  );
}

/** The administrations an OAuth target can book into, one to choose (POST back to the same page). */
export function AdministrationBody(props: { t: Messages; csrf: string; tenantId: string; administrations: readonly { id: string; name: string }[]; chosen: string | null }) {
  const { t } = props;
  return (
    <section class="card">
      <form method="post" action={`/dashboard/${props.tenantId}/connections/target/administration`} aria-label={t.connections.chooseAdministration}>
        <Csrf token={props.csrf} />
        <fieldset>
          <legend>{t.connections.chooseAdministration}</legend>
          {props.administrations.map((a) => (
            <label><input type="radio" name="id" value={a.id} checked={a.id === props.chosen} required /> {a.name} ({a.id})</label>
          ))}
        </fieldset>
        <div class="actions"><button type="submit">{t.connections.save}</button></div>
      </form>
    </section>
  );
}

/** The posted form as the connection API's input: `credentials.x` fields become the credentials object. */
export function connectionInputFromForm(form: Record<string, unknown>, existingSettings: ConnectionRow['settings'] | undefined) {
  const credentials: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    if (key.startsWith('credentials.') && typeof value === 'string') credentials[key.slice('credentials.'.length)] = value;
  }
  return { vendor: form.vendor, baseUrl: form.baseUrl, credentials, ...(existingSettings ? { settings: existingSettings } : {}) };
}
