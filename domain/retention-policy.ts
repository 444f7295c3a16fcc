/**
 * The retention table of DESIGN.md ("Personal data: what is kept, and for how long"), once.
 * Timers, schedules, the API and the privacy page all read it from here.
 */

export interface Duration {
  months?: number;
  days?: number;
}

export type RetentionTrigger =
  | 'tenant-offboarded'
  | 'erasure-request'
  | 'contract-ended'
  | 'error-recorded'
  | 'log-written'
  | 'statutory-term-start'
  | 'report-created'
  | 'backup-taken'
  | 'debug-copy-made'
  | 'errors-resolved'
  | 'workflow-closed';

export type RetentionAction = 'deleted' | 'redacted' | 'pruned';

export type RetentionMechanism = 'offboarding' | 'timer-workflow' | 'daily-schedule' | 'temporal-namespace-retention';

export interface RetentionRule {
  id: string;
  /** What data the rule covers. */
  data: string;
  /** How long after `trigger` the data is kept. */
  keptFor: Duration;
  /** Extra time allowed to carry out the action after `keptFor` ends (the latest moment is due + grace). */
  grace?: Duration;
  /** Whether `keptFor` is the exact moment or an upper bound. */
  bound: 'exact' | 'at-most';
  trigger: RetentionTrigger;
  /** Other triggers that start the same action right away (e.g. an erasure request). */
  alsoOn?: readonly RetentionTrigger[];
  after: RetentionAction;
  /** What removes the data once it is due. */
  mechanism: RetentionMechanism;
  /** What happens after, in a sentence for the privacy page. */
  then: string;
}

export const TEMPORAL_RETENTION_MAX_DAYS = 30;
export const STATUTORY_TERM_YEARS = 7;
export const STATUTORY_TERM_MONTHS = STATUTORY_TERM_YEARS * 12;
export const STATUTORY_PURGE_GRACE_MONTHS = 3;
export const ERROR_REDACTION_MONTHS = 2;
export const CREDENTIAL_RETENTION_MONTHS = 2;
export const LOG_RETENTION_MONTHS = 1;
export const ANALYTICS_REPORT_RETENTION_DAYS = 180;
export const BACKUP_RETENTION_MONTHS = 2;
export const DEBUG_COPY_MAX_DAYS = 14;

export const RETENTION_RULES = [
  {
    id: 'saleRecordDeletion',
    data: 'Per sale: identification key, amount excl. VAT, amount incl. VAT, target document id',
    keptFor: { days: 0 }, bound: 'exact', trigger: 'tenant-offboarded', after: 'deleted', mechanism: 'offboarding',
    then: "Kept while the tenant's contract runs; deleted with the tenant's offboarding.",
  },
  {
    id: 'debtorDeletion',
    data: 'Per debtor: source customer id and e-mail (no purchases linked)',
    keptFor: { days: 0 }, bound: 'exact', trigger: 'tenant-offboarded', alsoOn: ['erasure-request'], after: 'deleted', mechanism: 'offboarding',
    then: 'Kept while the contract runs; deleted at offboarding or on an erasure request.',
  },
  {
    id: 'credentialDeletion',
    data: 'Tenant credentials (API keys, OAuth tokens), encrypted',
    keptFor: { months: CREDENTIAL_RETENTION_MONTHS }, bound: 'exact', trigger: 'contract-ended', after: 'deleted', mechanism: 'timer-workflow',
    then: 'Deleted by a timer workflow two months after the contract ends; a renewal cancels the timer.',
  },
  {
    id: 'errorRecordRedaction',
    data: 'Debtor-specific parts (e-mail, name, address, ...) of the error record of a sale that could not be posted',
    keptFor: { months: ERROR_REDACTION_MONTHS }, bound: 'exact', trigger: 'error-recorded', after: 'redacted', mechanism: 'timer-workflow',
    then: 'The debtor-specific parts are removed two months after the error; the rest of the record is kept.',
  },
  {
    id: 'logPurge',
    data: 'Log lines of actions on the platform',
    keptFor: { months: LOG_RETENTION_MONTHS }, bound: 'exact', trigger: 'log-written', after: 'deleted', mechanism: 'daily-schedule',
    then: 'Deleted automatically after one month.',
  },
  {
    id: 'statutoryPurge',
    data: 'Tenant name and address, IBAN, VAT number, subscriptions, our invoices to the tenant',
    keptFor: { months: STATUTORY_TERM_MONTHS }, grace: { months: STATUTORY_PURGE_GRACE_MONTHS }, bound: 'exact',
    trigger: 'statutory-term-start', after: 'deleted', mechanism: 'daily-schedule',
    then: 'Kept for the statutory term (7 years in the Netherlands); deleted within 3 months after it.',
  },
  {
    id: 'analyticsReportPurge',
    data: 'Access analytics reports (IP addresses cut to their first 3 bytes; do-not-track honoured)',
    keptFor: { days: ANALYTICS_REPORT_RETENTION_DAYS }, bound: 'exact', trigger: 'report-created', after: 'deleted', mechanism: 'daily-schedule',
    then: 'Reports are deleted after 180 days.',
  },
  {
    id: 'backupPrune',
    data: 'Encrypted database backups, stored at another location',
    keptFor: { months: BACKUP_RETENTION_MONTHS }, bound: 'exact', trigger: 'backup-taken', after: 'pruned', mechanism: 'daily-schedule',
    then: 'Taken daily, encrypted on our side, and deleted from the store after two months; deletions made after a backup are replayed when it is restored.',
  },
  {
    id: 'debugCopyDestruction',
    data: "Temporary debug copies of a tenant's failing sales (debtor fields anonymised)",
    keptFor: { days: DEBUG_COPY_MAX_DAYS }, bound: 'at-most', trigger: 'debug-copy-made', alsoOn: ['errors-resolved'], after: 'deleted', mechanism: 'timer-workflow',
    then: 'Destroyed by a timer workflow once the errors are resolved, and after 14 days at the latest; each copy is in the access register.',
  },
  {
    id: 'temporalHistoryRetention',
    data: 'Temporal workflow histories (payloads encrypted; long timers carry ids only)',
    keptFor: { days: TEMPORAL_RETENTION_MAX_DAYS }, bound: 'at-most', trigger: 'workflow-closed', after: 'deleted', mechanism: 'temporal-namespace-retention',
    then: 'Removed by the namespace retention, at most 30 days after the workflow closes.',
  },
] as const satisfies readonly RetentionRule[];

export type RetentionRuleId = (typeof RETENTION_RULES)[number]['id'];

export const RETENTION_RULE_IDS = RETENTION_RULES.map((r) => r.id);

export function retentionRule(id: RetentionRuleId): RetentionRule {
  const rule = RETENTION_RULES.find((r) => r.id === id);
  if (!rule) throw new RangeError(`unknown retention rule ${String(id)}`);
  return rule;
}

export function isRetentionRuleId(id: string): id is RetentionRuleId {
  return RETENTION_RULES.some((r) => r.id === id);
}

/**
 * Calendar months in UTC: the day of month is kept, or clamped to the last day of the target
 * month (Jan 31 + 1 → Feb 28/29; Feb 29 + 12 → Feb 28). The time of day is kept.
 */
export function addMonths(date: Date, months: number): Date {
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  assertValidDate(date);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  const result = new Date(date.getTime());
  result.setUTCFullYear(year, month, day);
  return result;
}

/** Whole days of 24 hours (UTC has no daylight saving). */
export function addDays(date: Date, days: number): Date {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  assertValidDate(date);
  return new Date(date.getTime() + days * 86_400_000);
}

export function addDuration(date: Date, duration: Duration): Date {
  return addDays(addMonths(date, duration.months ?? 0), duration.days ?? 0);
}

/** When the rule's action is due for data whose trigger happened at `from`. */
export function dueAt(ruleId: RetentionRuleId, from: Date): Date {
  return addDuration(from, retentionRule(ruleId).keptFor);
}

/** The latest moment the action may happen: due plus the rule's grace (e.g. statutory term + 3 months). */
export function latestAt(ruleId: RetentionRuleId, from: Date): Date {
  const rule = retentionRule(ruleId);
  return addDuration(dueAt(ruleId, from), rule.grace ?? {});
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function assertValidDate(date: Date): void {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
}
