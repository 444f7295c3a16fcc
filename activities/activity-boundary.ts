import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { ConnectorError } from '../connectors/errors';
import { databaseErrorOf, isPermanentDatabaseError, safeError } from '../domain/safe-error';

/**
 * What leaves an activity as a failure is written into Temporal's history and the SDK's log lines. A
 * database error carries the query and its parameters (order contents, credentials): only its
 * SQLSTATE leaves. Postgres classes 22 (data exception) and 23 (constraint violation) cannot be fixed
 * by a retry, so they fail at once as DATABASE_REJECTED and the sale ends as an error record.
 */
export function toBoundaryFailure(error: unknown): unknown {
  if (error instanceof TemporalFailure || error instanceof ConnectorError) return error;
  const safe = safeError(error);
  if (databaseErrorOf(error) || safe.name === 'DatabaseError') {
    return ApplicationFailure.create({
      type: isPermanentDatabaseError(error) ? 'DATABASE_REJECTED' : 'DATABASE_UNAVAILABLE',
      message: safe.message,
      nonRetryable: isPermanentDatabaseError(error),
    });
  }
  // Anything else keeps its name and (tidied) message, but not its properties or cause chain.
  return ApplicationFailure.create({ type: safe.name, message: safe.message, nonRetryable: false });
}

type AnyActivity = (...args: never[]) => Promise<unknown>;

/** Every activity of `activities`, each failure passed through toBoundaryFailure. */
export function guardActivities<T extends Record<string, AnyActivity>>(activities: T): T {
  return Object.fromEntries(Object.entries(activities).map(([name, fn]) => [name, async (...args: never[]) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toBoundaryFailure(error);
    }
  }])) as T;
}
