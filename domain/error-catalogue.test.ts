import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, ERROR_CAUSES, ERROR_CODES, describeError, isErrorCode } from './error-catalogue';
import { SALE_ISSUE_CODES } from './sale-validation';

describe('error catalogue', () => {
  it('has an entry for every issue validateSale can raise and for every journey failure', () => {
    const journey = [
      'AUTH_REVOKED', 'TARGET_MISSING_SCOPE', 'TARGET_VALIDATION', 'TARGET_PAYMENT_REQUIRED', 'UNKNOWN_TARGET_VAT_RATE', 'ORDER_NOT_FOUND',
      'ORDER_CHANGED_AFTER_POSTING', 'RATE_LIMITED', 'CREDIT_NOTE_BUSY', 'TARGET_UNAVAILABLE', 'SOURCE_UNAVAILABLE', 'SALE_INVALID', 'UNEXPECTED',
      'UNKNOWN_ORDER_STATUS', 'DATABASE_REJECTED',
      'REFUND_WAITING_FOR_INVOICE', 'CORRECTION_NEEDS_HISTORY', 'ORDER_NOT_BOOKED', 'REFUND_NOT_CREDITED',
    ];
    expect(new Set(ERROR_CODES)).toEqual(new Set([...SALE_ISSUE_CODES, ...journey]));
  });

  it('gives every code a known cause and a plain explanation and fix', () => {
    for (const code of ERROR_CODES) {
      const entry = ERROR_CATALOGUE[code];
      expect(ERROR_CAUSES).toContain(entry.cause);
      expect(entry.explanation).toMatch(/^[A-Z].*\.$/);
      expect(entry.fix).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('retries only transient failures and pauses the sync for account problems', () => {
    expect(ERROR_CODES.filter((c) => ERROR_CATALOGUE[c].retryable).sort()).toEqual(['CREDIT_NOTE_BUSY', 'RATE_LIMITED', 'SOURCE_UNAVAILABLE', 'TARGET_UNAVAILABLE']);
    expect(ERROR_CODES.filter((c) => ERROR_CATALOGUE[c].pausesSync).sort()).toEqual(['AUTH_REVOKED', 'TARGET_MISSING_SCOPE', 'TARGET_PAYMENT_REQUIRED']);
    for (const code of SALE_ISSUE_CODES) expect(ERROR_CATALOGUE[code].retryable).toBe(false);
  });

  it('groups causes for the dashboard', () => {
    expect(describeError('UNKNOWN_VAT_RATE').cause).toBe('vat-mapping');
    expect(describeError('UNKNOWN_TARGET_VAT_RATE').cause).toBe('vat-mapping');
    expect(describeError('AUTH_REVOKED').cause).toBe('credentials');
    expect(describeError('ORDER_CHANGED_AFTER_POSTING').cause).toBe('changed-after-posting');
    expect(describeError('TARGET_VALIDATION').cause).toBe('target-rejected');
    expect(describeError('TARGET_UNAVAILABLE').cause).toBe('target-unavailable');
    expect(describeError('INVALID_EMAIL').cause).toBe('order-data');
  });

  it('describeError returns the code with its entry, and UNEXPECTED for unknown codes', () => {
    expect(describeError('RATE_LIMITED')).toEqual({ code: 'RATE_LIMITED', ...ERROR_CATALOGUE.RATE_LIMITED });
    expect(describeError('SOMETHING_NEW')).toEqual({ code: 'UNEXPECTED', ...ERROR_CATALOGUE.UNEXPECTED });
    expect(describeError('toString').code).toBe('UNEXPECTED'); // no prototype keys
    expect(isErrorCode('NO_LINES')).toBe(true);
    expect(isErrorCode('constructor')).toBe(false);
  });
});
