import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { PERMANENT_FAILURE_TYPES } from './activity-options';

// The proxies' own shape: an activity function per name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Activities = Record<string, (...args: any[]) => Promise<any>>;

/** A local activity that gave up on a failure a retry can still fix (the database was away for minutes). */
function isTransient(error: unknown): boolean {
  if (!(error instanceof ActivityFailure)) return false;
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure)) return true; // a timeout
  return !cause.nonRetryable && !PERMANENT_FAILURE_TYPES.includes(cause.type ?? '');
}

/**
 * Each step runs as a local activity (fast, no server round trip) with bounded retries; when those are
 * used up on a transient failure, the same step runs once more as an ordinary activity, which the server
 * retries without a bound. Nothing is lost in a long database outage, and no workflow task waits for it.
 */
export function localFirst<T extends Activities>(local: T, remote: T): T {
  return new Proxy({} as T, {
    get: (_target, name: string) => async (...args: unknown[]) => {
      try {
        return (await local[name]!(...args)) as unknown;
      } catch (error) {
        if (!isTransient(error)) throw error;
        return (await remote[name]!(...args)) as unknown;
      }
    },
  });
}
