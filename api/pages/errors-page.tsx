import type { ErrorGroup } from '../services/error-groups';
import { errorTexts } from './error-texts';
import { Csrf, formatTime } from './layout';
import type { Locale } from './locale';
import type { Messages } from './messages';

export function ErrorsBody(props: { t: Messages; locale: Locale; csrf: string; tenantId: string; groups: ErrorGroup[] }) {
  const { t, locale } = props;
  if (props.groups.length === 0) return <section class="card"><p>{t.errors.none}</p></section>;
  const base = `/dashboard/${props.tenantId}/errors`;
  return (
    <>
      {props.groups.map((g) => {
        const texts = errorTexts(g.codes[0]?.code ?? 'UNEXPECTED', locale);
        const id = `cause-${g.cause}`;
        return (
          <section class="card" aria-labelledby={id} data-testid={id}>
            <h2 id={id}>{t.errors.causes[g.cause] ?? g.cause} · {t.errors.count(g.count)}</h2>
            <dl class="facts">
              <dt>{t.errors.whatHappened}</dt><dd>{texts.explanation}</dd>
              <dt>{t.errors.whatToDo}</dt><dd>{texts.fix}</dd>
            </dl>
            <form method="post" action={`${base}/retry-cause`} class="actions">
              <Csrf token={props.csrf} />
              <input type="hidden" name="cause" value={g.cause} />
              <button type="submit">{t.errors.retryCause}</button>
            </form>
            <table>
              <caption class="sr-only">{t.errors.causes[g.cause] ?? g.cause}</caption>
              <thead><tr><th scope="col">{t.errors.order}</th><th scope="col">{t.errors.message}</th><th scope="col">{t.errors.when}</th><th scope="col">{t.errors.attempts}</th><th scope="col"><span class="sr-only">{t.errors.retry}</span></th></tr></thead>
              <tbody>
                {g.errors.map((e) => (
                  <tr>
                    <td><a href={`/dashboard/${props.tenantId}/sales?order=${encodeURIComponent(e.orderNumber)}`}>{e.orderNumber}</a></td>
                    <td>{errorTexts(e.code, locale).explanation}<div class="muted">{e.message}</div></td>
                    <td>{formatTime(e.occurredAt, locale)}</td>
                    <td>{e.attempts}</td>
                    <td>
                      <form method="post" action={`${base}/${e.id}/retry`}>
                        <Csrf token={props.csrf} />
                        <button type="submit" class="secondary" aria-label={`${t.errors.retry} ${e.orderNumber}`}>{t.errors.retry}</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </>
  );
}
