import { PASSWORD_MIN_LENGTH, PASSWORD_SPECIAL_CHARACTERS } from '../../domain/password-policy';
import { Page } from './layout';
import type { Locale } from './locale';
import type { Messages } from './messages';

export function LoginPage(props: { t: Messages; locale: Locale; next: string; email?: string; notice?: string | null; alert?: string | null }) {
  const { t } = props;
  return (
    <Page t={t} locale={props.locale} title={t.login.title} path={`/login?next=${encodeURIComponent(props.next)}`} notice={props.notice} alert={props.alert}>
      <section class="card">
        <p>{t.login.intro}</p>
        <form method="post" action="/login">
          <input type="hidden" name="next" value={props.next} />
          <label for="email">{t.login.email}</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
          <label for="accountKey">{t.login.accountKey}</label>
          <p class="hint" id="accountKey-hint">{t.login.accountKeyHint}</p>
          <input id="accountKey" name="accountKey" type="text" autocomplete="off" spellcheck={false} required minlength={32} maxlength={32}
            pattern="[A-Za-z0-9]{32}" aria-describedby="accountKey-hint" />
          <label for="password">{t.login.password}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required aria-describedby="password-policy" />
          <div id="password-policy">
            <p class="hint">{t.login.policyTitle}:</p>
            <ul class="hint">{t.login.policy(PASSWORD_MIN_LENGTH, PASSWORD_SPECIAL_CHARACTERS.join(' ')).map((rule) => <li>{rule}</li>)}</ul>
          </div>
          <div class="actions"><button type="submit">{t.login.submit}</button></div>
        </form>
      </section>
    </Page>
  );
}
