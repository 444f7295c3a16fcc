import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { redactionDays, retentionTimers, saleErrors } from '../schema';

/**
 * Where a page of pending deletions ends: the sort key of its last row. `workflowId` alone is not unique (one
 * day timer redacts many error records), so the subject breaks the tie.
 */
export interface DeletionKey {
  dueAt: Date;
  workflowId: string;
  subjectId: string;
}

export interface PendingDeletionRow extends DeletionKey {
  rule: string;
}

/**
 * One page of a tenant's pending deletions, soonest first, after `after` (keyset): the per-record and
 * per-credential timers in `retention_timers`, and the error records waiting for their day's redaction timer
 * (due at the top of the hour after `redact_at`, as `redactionRunAt`; those still followed by a timer of their
 * own are listed by that timer). Ids sort byte-wise ("C"), so the order is the same on every database.
 * `more`: rows follow this page.
 */
export async function pendingDeletionsPage(
  db: Db, tenantId: string, page: { after: DeletionKey | null; limit: number },
): Promise<{ rows: PendingDeletionRow[]; more: boolean }> {
  const rows = await db.execute<{ rule: string; subject_id: string; workflow_id: string; due_at: string | Date }>(pendingDeletionsQuery(tenantId, page));
  const list = [...rows].map((r) => ({ rule: r.rule, subjectId: r.subject_id, workflowId: r.workflow_id, dueAt: new Date(r.due_at) }));
  return { rows: list.slice(0, page.limit), more: list.length > page.limit };
}

/** The page's statement (limit + 1 rows: one more says another page follows); apart for EXPLAIN in the bench. */
export function pendingDeletionsQuery(tenantId: string, page: { after: DeletionKey | null; limit: number }): SQL {
  const a = page.after;
  const n = page.limit + 1;
  const due = a ? sql`${a.dueAt.toISOString()}::timestamptz` : sql`null`;
  const afterKey = a ? sql`(${due}, ${a.workflowId}::text, ${a.subjectId}::text)` : sql`null`;
  // The prefilters (due_at >=, redact_at >) let each branch start from its tenant index; the row comparison is exact.
  const timersAfter = a ? sql`and t.due_at >= ${due} and (t.due_at, t.workflow_id collate "C", t.subject_id collate "C") > ${afterKey}` : sql``;
  const runAt = sql`to_timestamp(ceil(extract(epoch from e.redact_at) / 3600) * 3600)`;
  const errorsAfter = a ? sql`and e.redact_at > ${due} - interval '1 hour' and (${runAt}, d.workflow_id collate "C", e.id::text collate "C") > ${afterKey}` : sql``;
  const waiting = sql`${saleErrors} e
    join ${redactionDays} d on d.tenant_id = e.tenant_id and d.due_day = (e.redact_at at time zone 'UTC')::date
   where e.tenant_id = ${tenantId} and e.redacted_at is null ${errorsAfter}
     and not exists (select 1 from ${retentionTimers} r where r.workflow_id = 'error-redaction:' || e.id::text and r.state = 'pending')`;
  // A record due after the hour in which the page's (n)th record by redact_at runs cannot be on the page: only
  // records up to that hour are sorted, so a page costs its size plus one hour's records, not the whole list.
  return sql`
    with first_due as (select e.redact_at from ${waiting} order by e.redact_at limit ${n}),
    bound as (select to_timestamp(ceil(extract(epoch from max(redact_at)) / 3600) * 3600) as run_at from first_due),
    errors as (
      select 'errorRecordRedaction'::text as rule, e.id::text as subject_id, d.workflow_id, ${runAt} as due_at
        from ${waiting} and e.redact_at <= (select run_at from bound)
    ),
    timers as (
      select t.rule, t.subject_id, t.workflow_id, t.due_at
        from ${retentionTimers} t
       where t.tenant_id = ${tenantId} and t.state = 'pending' ${timersAfter}
       order by t.due_at, t.workflow_id collate "C", t.subject_id collate "C"
       limit ${n}
    )
    select rule, subject_id, workflow_id, due_at from (select * from timers union all select * from errors) p
     order by due_at, workflow_id collate "C", subject_id collate "C"
     limit ${n}`;
}
