import type { SyncStatusView } from '../services/sync';
import type { RateLimit } from '../deps';
import { BookingsChart } from './chart';
import { Csrf, formatTime } from './layout';
import type { Locale } from './locale';
import type { Messages } from './messages';

/** Calls a sale costs at most at the target (new debtor: find, create contact, create invoice). */
export const MAX_CALLS_PER_SALE = 3;

/** How long the queue takes at the target's rate limit, in ms (an upper bound: repeat customers cost fewer calls). */
export function queueEtaMs(waiting: number, limit: RateLimit): number {
  if (waiting <= 0) return 0;
  return Math.ceil((waiting * MAX_CALLS_PER_SALE) / limit.limit) * limit.windowMs;
}

function duration(ms: number, t: Messages): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes < 120 ? t.common.minutes(minutes) : t.common.hours(Math.ceil(minutes / 60));
}

export interface OverviewData {
  tenantId: string;
  status: SyncStatusView | null;
  rateLimit: RateLimit | null;
  postedToday: number;
  failedToday: number;
  perDay: { day: string; count: number }[];
}

export function OverviewBody(props: { t: Messages; locale: Locale; csrf: string; data: OverviewData }) {
  const { t, locale, data } = props;
  const s = data.status;
  const base = `/dashboard/${data.tenantId}/overview`;
  const waiting = s ? s.queued + s.inFlight : 0;
  const total = data.perDay.reduce((sum, d) => sum + d.count, 0);
  return (
    <>
      <div class="grid">
        <section class="card" aria-labelledby="sync-h">
          <h2 id="sync-h">{t.overview.sync}</h2>
          <dl class="facts">
            <dt>{t.overview.state}</dt>
            <dd><span class={`state state-${s ? s.state : 'stopped'}`} data-testid="sync-state">{s ? (s.state === 'paused' ? t.overview.paused : t.overview.running) : t.overview.notRunning}</span></dd>
            {s?.paused ? (
              <>
                <dt>{t.overview.pausedBecause}</dt>
                <dd data-testid="pause-reason">{s.paused.reason} ({t.overview.pausedBy(s.paused.by)}, {t.overview.since} {formatTime(s.paused.since, locale)})</dd>
              </>
            ) : null}
            {s ? (
              <>
                <dt>{t.overview.lastPoll}</dt><dd>{s.lastPollAt ? formatTime(s.lastPollAt, locale) : t.overview.never}</dd>
                <dt>{t.overview.nextPoll}</dt><dd>{s.nextPollAt ? formatTime(s.nextPollAt, locale) : '–'}</dd>
                {s.lastPollError ? <><dt>{t.overview.lastPollError}</dt><dd>{s.lastPollError}</dd></> : null}
              </>
            ) : null}
          </dl>
          {!s ? <p class="muted">{t.overview.notRunningHint}</p> : null}
          <div class="actions">
            {!s ? (
              <form method="post" action={`${base}/start`}><Csrf token={props.csrf} /><button type="submit">{t.overview.start}</button></form>
            ) : s.state === 'paused' ? (
              <form method="post" action={`${base}/resume`}><Csrf token={props.csrf} /><button type="submit">{t.overview.resume}</button></form>
            ) : (
              <>
                <form method="post" action={`${base}/sync-now`}><Csrf token={props.csrf} /><button type="submit" class="secondary">{t.overview.syncNow}</button></form>
                <form method="post" action={`${base}/pause`}>
                  <Csrf token={props.csrf} />
                  <label for="pause-reason">{t.overview.pauseReason}</label>
                  <input id="pause-reason" name="reason" type="text" required maxlength={200} />
                  <button type="submit" class="secondary">{t.overview.pause}</button>
                </form>
              </>
            )}
          </div>
        </section>
        <section class="card" aria-labelledby="queue-h">
          <h2 id="queue-h">{t.overview.queue}</h2>
          <dl class="facts">
            <dt>{t.overview.queue}</dt><dd data-testid="queued">{s ? s.queued : 0}</dd>
            <dt>{t.overview.inFlight}</dt><dd>{s ? s.inFlight : 0}</dd>
            <dt>{t.overview.eta}</dt>
            <dd data-testid="eta">{waiting === 0 ? t.overview.etaNone : data.rateLimit ? duration(queueEtaMs(waiting, data.rateLimit), t) : '–'}
              {data.rateLimit ? <div class="hint">{t.overview.rateLimit(data.rateLimit.limit, t.common.window(data.rateLimit.windowMs))}</div> : null}</dd>
          </dl>
          <h2>{t.overview.today}</h2>
          <dl class="facts">
            <dt>{t.overview.bookedToday}</dt><dd data-testid="posted-today">{data.postedToday}</dd>
            <dt>{t.overview.failedToday}</dt><dd data-testid="failed-today">{data.failedToday}</dd>
          </dl>
        </section>
      </div>
      <section class="card" aria-labelledby="chart-h">
        <h2 id="chart-h">{t.overview.chartTitle}</h2>
        <BookingsChart days={data.perDay} title={t.overview.chartTitle} summary={t.overview.chartSummary(total)} locale={locale} />
      </section>
      {s ? (
        <section class="card" aria-labelledby="counts-h">
          <h2 id="counts-h">{t.overview.counts}</h2>
          <dl class="facts">
            <dt>{t.overview.posted}</dt><dd>{s.counts.posted}</dd>
            <dt>{t.overview.skippedDuplicate}</dt><dd>{s.counts.skippedDuplicate}</dd>
            <dt>{t.overview.changedAfterPosting}</dt><dd>{s.counts.changedAfterPosting}</dd>
            <dt>{t.overview.failed}</dt><dd>{s.counts.failed}</dd>
          </dl>
        </section>
      ) : null}
    </>
  );
}
