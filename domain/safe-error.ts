/**
 * What of an error may be written to a log line or a Temporal failure. Database drivers put the
 * query and its parameters into their errors (drizzle's message is `Failed query: … params: …`,
 * postgres.js errors carry `parameters`, `query` and a `detail` that quotes row values), and a
 * driver's message can quote the rejected input (`invalid input syntax for type uuid: "…"`).
 * So for database errors only the SQLSTATE, its class and the constraint/column names survive.
 */

export interface SafeError {
  name: string;
  message: string;
  /** SQLSTATE of a database error. */
  code?: string;
  /** Stack frames only: the first line of a stack repeats the (unsafe) message. */
  stack?: string;
}

const MAX_MESSAGE = 500;
const SQLSTATE = /^[0-9A-Z]{5}$/;

interface DbErrorShape {
  code: string;
  name?: string;
  constraint_name?: string;
  column_name?: string;
  table_name?: string;
}

/** The Postgres error inside `error` (itself, or a cause of a drizzle query error), if any. */
export function databaseErrorOf(error: unknown): DbErrorShape | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const candidate = current as { code?: unknown; severity?: unknown; name?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && SQLSTATE.test(candidate.code) && (candidate.name === 'PostgresError' || typeof candidate.severity === 'string')) {
      return candidate as DbErrorShape;
    }
    current = candidate.cause;
  }
  return null;
}

/** A drizzle query error, or any error that carries a query text / parameters of its own. */
function carriesQuery(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as { name?: unknown; query?: unknown; params?: unknown; parameters?: unknown; message?: unknown };
  return e.name === 'DrizzleQueryError' || e.query !== undefined || e.params !== undefined || e.parameters !== undefined
    || (typeof e.message === 'string' && e.message.startsWith('Failed query:'));
}

/** Postgres SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): no retry can fix them. */
export function isPermanentDatabaseError(error: unknown): boolean {
  const db = databaseErrorOf(error);
  return db !== null && (db.code.startsWith('22') || db.code.startsWith('23'));
}

function framesOf(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.length > 0 ? frames.join('\n') : undefined;
}

/** Removes control characters and caps the length, so a message cannot forge or flood log lines. */
function tidy(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '\uFFFD');
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}

/** The loggable form of anything thrown. */
export function safeError(error: unknown): SafeError {
  const db = databaseErrorOf(error);
  if (db || carriesQuery(error)) {
    const code = db?.code;
    const names = [db?.table_name && `table ${db.table_name}`, db?.column_name && `column ${db.column_name}`, db?.constraint_name && `constraint ${db.constraint_name}`]
      .filter(Boolean).join(', ');
    return {
      name: 'DatabaseError',
      message: `database query failed${code ? ` (SQLSTATE ${code})` : ''}${names ? ` at ${names}` : ''}`,
      ...(code ? { code } : {}),
      ...(error instanceof Error && framesOf(error.stack) ? { stack: framesOf(error.stack) } : {}),
    };
  }
  if (error instanceof Error) {
    const stack = framesOf(error.stack);
    return { name: tidy(error.name), message: tidy(error.message), ...(stack ? { stack } : {}) };
  }
  return { name: 'NonError', message: tidy(typeof error === 'string' ? error : Object.prototype.toString.call(error)) };
}
