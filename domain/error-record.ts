import type { ErrorCode } from './error-catalogue';
import type { Sale } from './sale';
import type { SaleIssue } from './sale-validation';

/**
 * Why a sale could not be posted, with the debtor's values kept apart from the message so that
 * redaction removes exactly them: `template` has `{name}` placeholders filled from `params`
 * (non-personal: order number, field names, amounts) or `pii` (e-mail, name, address, ...).
 * Times are ISO strings so a record passes through Temporal payloads and JSON unchanged.
 */
export interface ErrorRecord {
  code: ErrorCode;
  template: string;
  params: Record<string, string>;
  /** Debtor-specific values; null once redacted. */
  pii: Record<string, string> | null;
  occurredAt: string;
  redactedAt: string | null;
}

/** What a placeholder shows once its personal value has been removed. */
export const REDACTED_PLACEHOLDER = '[removed]';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export class ErrorRecordError extends Error {
  override readonly name = 'ErrorRecordError';
}

export function templatePlaceholders(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1] ?? ''))];
}

export interface NewErrorRecord {
  code: ErrorCode;
  template: string;
  params?: Record<string, string>;
  pii?: Record<string, string> | null;
  occurredAt: Date;
}

/**
 * Builds a record and checks it: a key is either a param or PII, never both, and every
 * placeholder of the template has a value (so rendering never shows a raw `{name}`).
 */
export function createErrorRecord(input: NewErrorRecord): ErrorRecord {
  const params = { ...(input.params ?? {}) };
  const pii = input.pii && Object.keys(input.pii).length > 0 ? { ...input.pii } : null;
  for (const key of Object.keys(pii ?? {})) {
    if (Object.hasOwn(params, key)) throw new ErrorRecordError(`"${key}" is both a param and PII`);
  }
  for (const name of templatePlaceholders(input.template)) {
    if (!Object.hasOwn(params, name) && !(pii && Object.hasOwn(pii, name))) {
      throw new ErrorRecordError(`template placeholder {${name}} has no value`);
    }
  }
  return { code: input.code, template: input.template, params, pii, occurredAt: input.occurredAt.toISOString(), redactedAt: null };
}

/** Fills the template: params as they are, PII while present, `[removed]` for PII after redaction. */
export function renderErrorMessage(record: ErrorRecord): string {
  return record.template.replace(PLACEHOLDER, (whole, name: string) => {
    if (Object.hasOwn(record.params, name)) return record.params[name] ?? '';
    if (record.pii && Object.hasOwn(record.pii, name)) return record.pii[name] ?? '';
    // After redaction the PII keys are gone too; any placeholder not in params was personal.
    if (record.pii === null) return REDACTED_PLACEHOLDER;
    return whole;
  });
}

/** Removes the debtor-specific values. Idempotent: a redacted record comes back unchanged. */
export function redactErrorRecord(record: ErrorRecord, now: Date): ErrorRecord {
  if (record.redactedAt !== null) return record;
  return { ...record, pii: null, redactedAt: now.toISOString() };
}

/**
 * The error record of a sale that failed validation. Its code is the first issue's; the summary
 * joins the issue messages, which carry no personal data. The customer's e-mail goes into `pii`
 * only when it is the problem, so the merchant can find the order until it is redacted.
 */
export function errorRecordFromIssues(issues: readonly SaleIssue[], sale: Sale, occurredAt: Date): ErrorRecord {
  const first = issues[0];
  if (!first) throw new ErrorRecordError('errorRecordFromIssues needs at least one issue');
  const emailIssue = issues.some((i) => i.code === 'INVALID_EMAIL') && sale.debtor.email.trim() !== '';
  const template = emailIssue
    ? 'Order {orderNumber} cannot be posted: {summary} (e-mail address on the order: {email})'
    : 'Order {orderNumber} cannot be posted: {summary}';
  return createErrorRecord({
    code: first.code,
    template,
    params: {
      orderNumber: sale.orderNumber.trim() === '' ? `(id ${sale.externalId.slice(0, 100)})` : sale.orderNumber.slice(0, 100),
      summary: issues.map((i) => i.message).join(' '),
      issueCodes: [...new Set(issues.map((i) => i.code))].join(','),
      paths: issues.map((i) => i.path).join(','),
    },
    // Capped: an "address" of a megabyte is not kept whole; the start is enough to find the order.
    pii: emailIssue ? { email: sale.debtor.email.slice(0, 320) } : null,
    occurredAt,
  });
}
