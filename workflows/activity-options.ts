import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/** Codes that no retry can fix; the workflow turns them into an error record (or a pause). */
export const PERMANENT_FAILURE_TYPES = [
  'AUTH_REVOKED', 'TARGET_MISSING_SCOPE', 'TARGET_VALIDATION', 'TARGET_PAYMENT_REQUIRED', 'UNKNOWN_TARGET_VAT_RATE', 'ORDER_NOT_FOUND',
  'SALE_INVALID', 'CREDENTIALS_MISSING', 'NOT_BOOKABLE', 'DATABASE_REJECTED', 'UNKNOWN_ORDER_STATUS', 'SALE_TOO_LARGE', 'UNEXPECTED',
];

/** Calls to a vendor: transient failures (5xx, 429, network) retry with backoff for about an hour. */
export const vendorCallOptions: ActivityOptions = {
  startToCloseTimeout: '45 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 20,
    nonRetryableErrorTypes: PERMANENT_FAILURE_TYPES,
  },
};

/**
 * Debtor, invoice and posting record in one activity (`bookSale`), or a credit note (copy, rows, finalise):
 * up to four vendor calls per attempt, so a transient failure is likelier per attempt than per call. Their
 * retries back off more gently: each one starts by looking the reference up, so an early retry costs one
 * read, never a second document.
 */
export const bookingCallOptions: ActivityOptions = {
  ...vendorCallOptions,
  retry: { ...vendorCallOptions.retry, backoffCoefficient: 1.5, maximumInterval: '1 minute', maximumAttempts: 40 },
};

const databaseRetry = { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: PERMANENT_FAILURE_TYPES };

/** Postgres-only steps: short, retried until the database answers again. */
export const databaseOptions: ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: databaseRetry,
};

/**
 * The same Postgres steps as local activities: they run in the worker that runs the workflow, with no
 * round trip through the Temporal server per step, and are recorded as markers in the history.
 */
export const localDatabaseOptions: LocalActivityOptions = {
  startToCloseTimeout: '15 seconds',
  localRetryThreshold: '10 seconds',
  // Bounded (about two minutes): a local activity holds its workflow task. A longer outage moves the
  // step to an ordinary activity (workflows/local-first.ts), which the server retries for as long as it takes.
  retry: { ...databaseRetry, maximumAttempts: 8 },
};

/** Sending an alert (SMTP, Slack): retried for about an hour; a sync never waits on it for longer. */
export const alertOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 10 },
};
