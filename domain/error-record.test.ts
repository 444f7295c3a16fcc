import { describe, expect, it } from 'vitest';
import { ErrorRecordError, REDACTED_PLACEHOLDER, createErrorRecord, errorRecordFromIssues, redactErrorRecord, renderErrorMessage, templatePlaceholders } from './error-record';
import { makeSale } from './sale-fixture';
import { validateSale } from './sale-validation';

const at = new Date('2025-03-14T10:00:00Z');
const later = new Date('2025-05-14T10:00:00Z');

describe('error records', () => {
  const record = createErrorRecord({
    code: 'TARGET_VALIDATION',
    template: 'Order {orderNumber}: the accounting system rejected field {field} for {name} <{email}>.',
    params: { orderNumber: 'WC-1042', field: 'contact.postcode' },
    pii: { name: 'Jan Jansen', email: 'jan@example.nl' },
    occurredAt: at,
  });

  it('renders params and PII into the template', () => {
    expect(renderErrorMessage(record)).toBe('Order WC-1042: the accounting system rejected field contact.postcode for Jan Jansen <jan@example.nl>.');
    expect(record.occurredAt).toBe('2025-03-14T10:00:00.000Z');
    expect(record.redactedAt).toBeNull();
  });

  it('redaction removes exactly the PII and keeps the rest readable', () => {
    const redacted = redactErrorRecord(record, later);
    expect(redacted.pii).toBeNull();
    expect(redacted.redactedAt).toBe('2025-05-14T10:00:00.000Z');
    expect(redacted.params).toEqual(record.params);
    expect(redacted.template).toBe(record.template);
    expect(renderErrorMessage(redacted)).toBe(`Order WC-1042: the accounting system rejected field contact.postcode for ${REDACTED_PLACEHOLDER} <${REDACTED_PLACEHOLDER}>.`);
    expect(JSON.stringify(redacted)).not.toMatch(/Jan|jan@/);
    // The original is not mutated.
    expect(record.pii).not.toBeNull();
  });

  it('redaction is idempotent and keeps the first redaction time', () => {
    const once = redactErrorRecord(record, later);
    const twice = redactErrorRecord(once, new Date('2026-01-01T00:00:00Z'));
    expect(twice).toEqual(once);
  });

  it('refuses a key that is both a param and PII, or a placeholder without value', () => {
    expect(() => createErrorRecord({ code: 'UNEXPECTED', template: '{a}', params: { a: '1' }, pii: { a: '2' }, occurredAt: at })).toThrow(ErrorRecordError);
    expect(() => createErrorRecord({ code: 'UNEXPECTED', template: 'x {missing}', occurredAt: at })).toThrow(ErrorRecordError);
  });

  it('stores an empty PII object as null and does not re-expand values that look like placeholders', () => {
    const r = createErrorRecord({ code: 'UNEXPECTED', template: '{a}', params: { a: '{b}' }, pii: {}, occurredAt: at });
    expect(r.pii).toBeNull();
    expect(renderErrorMessage(r)).toBe('{b}');
    expect(templatePlaceholders('{a} {b} {a} {1x}')).toEqual(['a', 'b']);
  });
});

describe('errorRecordFromIssues', () => {
  it('keeps the bad e-mail in PII so the merchant can find the order, until redaction', () => {
    const sale = makeSale({ debtor: { ...makeSale().debtor, email: 'jan.jansen@@example.nl' } });
    const issues = validateSale(sale);
    const record = errorRecordFromIssues(issues, sale, at);
    expect(record.code).toBe('INVALID_EMAIL');
    expect(record.pii).toEqual({ email: 'jan.jansen@@example.nl' });
    expect(JSON.stringify(record.params)).not.toContain('jan');
    expect(renderErrorMessage(record)).toBe(
      "Order WC-1042 cannot be posted: The customer's e-mail address is not a valid address. (e-mail address on the order: jan.jansen@@example.nl)",
    );
    expect(renderErrorMessage(redactErrorRecord(record, later))).toBe(
      "Order WC-1042 cannot be posted: The customer's e-mail address is not a valid address. (e-mail address on the order: [removed])",
    );
  });

  it('has no PII when the issues are not about the debtor', () => {
    const sale = makeSale({ currency: 'usd', note: 'x'.repeat(5001) });
    const record = errorRecordFromIssues(validateSale(sale), sale, at);
    expect(record.code).toBe('UNSUPPORTED_CURRENCY');
    expect(record.pii).toBeNull();
    expect(record.params.issueCodes).toBe('UNSUPPORTED_CURRENCY,NOTE_TOO_LONG');
    expect(record.params.paths).toBe('currency,note');
    expect(renderErrorMessage(record)).toMatch(/^Order WC-1042 cannot be posted: The order's currency "usd" is not an ISO 4217 code\. The customer note has 5001 characters/);
  });

  it('falls back to the external id when the order number is missing, and needs an issue', () => {
    const sale = makeSale({ orderNumber: '' });
    expect(renderErrorMessage(errorRecordFromIssues(validateSale(sale), sale, at))).toMatch(/^Order \(id 1042\) cannot be posted/);
    expect(() => errorRecordFromIssues([], sale, at)).toThrow(ErrorRecordError);
  });
});
