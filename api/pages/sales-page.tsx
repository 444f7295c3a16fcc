import type { SaleJourney } from '../services/sale-journey';
import { formatCents, formatTime } from './layout';
import type { Locale } from './locale';
import type { Messages } from './messages';

const STEPS = ['fetching', 'deduplicating', 'matching-debtor', 'posting'] as const;

interface TimelineItem { key: string; label: string; at: string | null; status: 'done' | 'current' | 'failed' | 'todo'; detail?: string }

/** The journey as steps: done up to where the sale is, the current one marked, errors in between. */
export function timelineOf(j: SaleJourney, t: Messages): TimelineItem[] {
  const items: TimelineItem[] = [{ key: 'received', label: t.sales.steps.received ?? 'received', at: j.workflow?.startedAt ?? null, status: 'done' }];
  const ended = ['posted', 'skipped-duplicate', 'changed-after-posting'].includes(j.state);
  const failed = j.state === 'failed';
  const current = STEPS.indexOf(j.state as (typeof STEPS)[number]);
  STEPS.forEach((step, i) => {
    const status = ended ? 'done' : failed ? (i === STEPS.length - 1 ? 'failed' : 'done') : current < 0 ? 'todo' : i < current ? 'done' : i === current ? 'current' : 'todo';
    if (failed && i === STEPS.length - 1) return; // a failed sale ends in its error below
    items.push({ key: step, label: t.sales.steps[step] ?? step, at: null, status });
  });
  for (const e of [...j.errors].reverse()) {
    items.push({ key: `error-${e.id}`, label: `${t.sales.steps.error ?? 'error'}: ${e.code}`, at: e.occurredAt, status: e.resolvedAt ? 'done' : 'failed', detail: e.message });
  }
  if (ended) items.push({ key: j.state, label: t.sales.steps[j.state] ?? j.state, at: j.posted?.postedAt ?? j.workflow?.closedAt ?? null, status: 'done' });
  return items;
}

export function SalesBody(props: { t: Messages; locale: Locale; tenantId: string; query: string; journey: SaleJourney | null; showTemporalLink: boolean }) {
  const { t, locale, journey: j } = props;
  return (
    <>
      <section class="card">
        <form method="get" action={`/dashboard/${props.tenantId}/sales`} role="search">
          <label for="order">{t.sales.search}</label>
          <p class="hint" id="order-hint">{t.sales.searchHint}</p>
          <div class="actions" style="margin-top:0">
            <input id="order" name="order" type="search" value={props.query} aria-describedby="order-hint" required maxlength={200} />
            <button type="submit">{t.sales.searchButton}</button>
          </div>
        </form>
      </section>
      {props.query && !j ? <div class="warn" role="status">{t.sales.notFound(props.query)}</div> : null}
      {j ? (
        <section class="card" aria-labelledby="journey-h">
          <h2 id="journey-h">{t.sales.journey(j.orderNumber)}</h2>
          <dl class="facts">
            <dt>{t.sales.state}</dt><dd><span class={`state state-${j.state}`} data-testid="sale-state">{t.sales.states[j.state] ?? j.state}</span></dd>
            {j.attempts !== null ? <><dt>{t.sales.attempts}</dt><dd>{j.attempts}</dd></> : null}
            {j.targetDocumentId ? <><dt>{t.sales.document}</dt><dd data-testid="target-document">{j.targetDocumentId}</dd></> : null}
            {j.posted?.amountExclCents !== null && j.posted ? <><dt>{t.sales.amountExcl}</dt><dd>{formatCents(j.posted.amountExclCents, locale)}</dd></> : null}
            {j.posted?.amountInclCents !== null && j.posted ? <><dt>{t.sales.amountIncl}</dt><dd>{formatCents(j.posted.amountInclCents, locale)}</dd></> : null}
            {j.lastError ? <><dt>{t.sales.lastError}</dt><dd>{j.lastError.message}</dd></> : null}
          </dl>
          <h3>{t.sales.timeline}</h3>
          <ol class="timeline" data-testid="timeline">
            {timelineOf(j, t).map((item) => (
              <li class={item.status}>
                <strong>{item.label}</strong>{item.at ? <> · <time datetime={item.at}>{formatTime(item.at, locale)}</time></> : null}
                {item.detail ? <div class="muted">{item.detail}</div> : null}
              </li>
            ))}
          </ol>
          {props.showTemporalLink && j.workflow ? <p><a href={j.workflow.url} data-testid="temporal-link">{t.sales.temporal}</a></p> : null}
        </section>
      ) : null}
    </>
  );
}
