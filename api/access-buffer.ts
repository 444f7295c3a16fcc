import type { Logger } from 'pino';
import type { Db } from '../db/client';
import { recordRequests, type AccessRow } from '../db/queries/access-analytics';

/** Where the access-analytics middleware puts each request's row. */
export interface AccessRecorder {
  record(row: AccessRow): void | Promise<void>;
}

export interface AccessBuffer extends AccessRecorder {
  /** Writes what is buffered; resolves once it is written (or given up). */
  flush(): Promise<void>;
}

/**
 * Access analytics written in batches: one insert about every `flushMs` (or at `maxRows`) instead of one per
 * request, which under load was a Postgres round trip on every request's path. Rows keep their request time.
 * At most `maxPendingBatches` wait while Postgres is slow; beyond that new rows are dropped with a warning
 * (analytics never holds a request or grows without bound). The API's stop() flushes what is left.
 */
export function createAccessBuffer(db: Db, logger: Logger, options: { flushMs?: number; maxRows?: number; maxPendingBatches?: number } = {}): AccessBuffer {
  const flushMs = options.flushMs ?? 1_000;
  const maxRows = options.maxRows ?? 500;
  const maxPending = options.maxPendingBatches ?? 20;
  let rows: AccessRow[] = [];
  let timer: NodeJS.Timeout | null = null;
  let pending = 0;
  let chain: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (rows.length === 0) return chain;
    const batch = rows;
    rows = [];
    if (pending >= maxPending) {
      logger.warn({ dropped: batch.length }, 'access analytics not recorded: Postgres is behind');
      return chain;
    }
    pending++;
    chain = chain
      .then(() => recordRequests(db, batch))
      .catch((error: unknown) => {
        // Analytics never fails a request.
        logger.warn({ err: { name: (error as Error).name, message: (error as Error).message }, rows: batch.length }, 'access analytics not recorded');
      })
      .finally(() => pending--);
    return chain;
  };

  return {
    record(row) {
      rows.push({ ...row, at: row.at ?? new Date() });
      if (rows.length >= maxRows) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), flushMs);
        timer.unref();
      }
    },
    flush,
  };
}
