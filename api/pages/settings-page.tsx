import { LEDGER_KEYS } from '../../domain/ledger';
import type { TenantSettings } from '../../domain/tenant-settings';
import { fieldLabel } from './connections-page';
import { Csrf } from './layout';
import type { Messages } from './messages';

function Choice(props: { id: string; name: string; label: string; value: string; options: Record<string, string> }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {Object.entries(props.options).map(([value, text]) => <option value={value} selected={value === props.value}>{text}</option>)}
      </select>
    </>
  );
}

export function SettingsBody(props: { t: Messages; csrf: string; tenantId: string; settings: TenantSettings }) {
  const { t, settings: s } = props;
  return (
    <section class="card">
      <p>{t.settings.intro}</p>
      <form method="post" action={`/dashboard/${props.tenantId}/settings`}>
        <Csrf token={props.csrf} />
        <label for="homeCountry">{t.settings.homeCountry}</label>
        <input id="homeCountry" name="homeCountry" type="text" required pattern="[A-Z]{2}" maxlength={2} value={s.homeCountry} />
        <label style="font-weight:400"><input type="checkbox" name="ossRegistered" value="yes" checked={s.ossRegistered} /> {t.settings.ossRegistered}</label>
        <Choice id="invoiceState" name="invoiceState" label={t.settings.invoiceState} value={s.invoiceState} options={t.settings.invoiceStates} />
        <Choice id="zeroValueOrders" name="zeroValueOrders" label={t.settings.zeroValueOrders} value={s.zeroValueOrders} options={t.settings.zeroValues} />
        <Choice id="correctionPolicy" name="correctionPolicy" label={t.settings.correctionPolicy} value={s.correctionPolicy} options={t.settings.corrections} />
        <Choice id="posBooking" name="posBooking" label={t.settings.posBooking} value={s.posBooking} options={t.settings.posBookings} />
        <fieldset>
          <legend>{t.settings.ledgerAccounts}</legend>
          {LEDGER_KEYS.map((key) => (
            <>
              <label for={`ledger-${key}`}>{fieldLabel(key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()))}</label>
              <input id={`ledger-${key}`} name={`ledger.${key}`} type="text" maxlength={100} value={s.ledgerAccounts[key] ?? ''} />
            </>
          ))}
        </fieldset>
        <div class="actions"><button type="submit">{t.settings.save}</button></div>
      </form>
    </section>
  );
}

/**
 * The posted form as settings input (validated by the same schema as the JSON route). Settings the form
 * does not show (where the sync starts, the till-day delay) keep their saved values: saving replaces all.
 */
export function settingsInputFromForm(form: Record<string, unknown>, saved?: Pick<TenantSettings, 'syncFrom' | 'posDayCloseDelayMinutes'>) {
  const ledgerAccounts: Record<string, string> = {};
  for (const key of LEDGER_KEYS) {
    const value = form[`ledger.${key}`];
    if (typeof value === 'string' && value.trim()) ledgerAccounts[key] = value.trim();
  }
  return {
    ...(saved ? { syncFrom: saved.syncFrom, posDayCloseDelayMinutes: saved.posDayCloseDelayMinutes } : {}),
    homeCountry: form.homeCountry, ossRegistered: form.ossRegistered === 'yes', invoiceState: form.invoiceState,
    zeroValueOrders: form.zeroValueOrders, correctionPolicy: form.correctionPolicy, posBooking: form.posBooking, ledgerAccounts,
  };
}
