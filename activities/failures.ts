import { ApplicationFailure } from '@temporalio/common';
import { ConnectorError } from '../connectors/errors';

/** The error-catalogue code a connector failure is recorded under. */
export function errorCodeOf(error: ConnectorError, side: 'source' | 'target'): string {
  switch (error.code) {
    case 'AUTH_REVOKED': return 'AUTH_REVOKED';
    case 'MISSING_SCOPE': return 'TARGET_MISSING_SCOPE';
    case 'RATE_LIMITED': return 'RATE_LIMITED';
    case 'NETWORK':
    case 'TIMEOUT':
    case 'SERVER_ERROR': return side === 'target' ? 'TARGET_UNAVAILABLE' : 'SOURCE_UNAVAILABLE';
    case 'NOT_FOUND': return side === 'source' ? 'ORDER_NOT_FOUND' : 'TARGET_VALIDATION';
    case 'VALIDATION': return 'TARGET_VALIDATION';
    case 'PAYMENT_REQUIRED': return 'TARGET_PAYMENT_REQUIRED';
    case 'UNKNOWN_VAT_RATE': return 'UNKNOWN_TARGET_VAT_RATE';
    case 'SALE_INVALID': return 'SALE_INVALID';
    case 'NOT_BOOKABLE': return 'NOT_BOOKABLE';
    case 'UNKNOWN_STATUS': return 'UNKNOWN_ORDER_STATUS';
    case 'RESPONSE_TOO_LARGE': return side === 'source' ? 'SALE_TOO_LARGE' : 'TARGET_VALIDATION';
  }
}

/**
 * Translates a connector failure at the activity boundary: transient ones retry (a 429 after the
 * time the vendor names), permanent ones fail the activity at once with a catalogue code as type.
 */
export function toApplicationFailure(error: unknown, side: 'source' | 'target'): unknown {
  if (!(error instanceof ConnectorError)) return error;
  const type = errorCodeOf(error, side);
  return ApplicationFailure.create({
    type,
    message: error.message,
    nonRetryable: !error.retryable,
    nextRetryDelay: error.code === 'RATE_LIMITED' && error.details.retryAfterMs ? error.details.retryAfterMs : undefined,
    details: [{ issues: error.details.issues ?? [], status: error.details.status ?? null }],
  });
}

export async function translating<T>(side: 'source' | 'target', call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toApplicationFailure(error, side);
  }
}
