import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import type { ZodError } from 'zod';
import { safeError } from '../domain/safe-error';

export interface FieldIssue {
  path: string;
  message: string;
  /** Which password rule failed, for password-policy errors. */
  rule?: string;
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldIssue[] };
}

/** An expected failure; onError turns it into its JSON body. Messages never carry request values. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: FieldIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

/** One body for anything missing or not yours, so a 404 never tells which of the two it was. */
export const notFound = () => new ApiError(404, 'NOT_FOUND', 'Not found.');
export const unauthorized = () => new ApiError(401, 'UNAUTHORIZED', 'A valid session is required.');
export const forbidden = (message = 'Not allowed for your role.') => new ApiError(403, 'FORBIDDEN', message);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);

export function validationError(fields: FieldIssue[]): ApiError {
  const paths = [...new Set(fields.map((f) => f.path || '(body)'))].join(', ');
  return new ApiError(400, 'VALIDATION', `Invalid request: ${paths}.`, fields);
}

export const fieldError = (path: string, message: string) => validationError([{ path, message }]);

/** Zod issues as fields: path and zod's message only, never the rejected value. */
export function zodFields(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** The OpenAPIHono defaultHook: every failed zod validation becomes a 400 naming the fields. */
export function validationHook(result: { success: boolean; error?: ZodError }, c: Context) {
  if (!result.success && result.error) {
    const error = validationError(zodFields(result.error));
    return c.json(error.body(), 400);
  }
  return undefined;
}

/** The one onError: JSON, no stacks; unexpected errors are logged without request data. */
export function errorHandler(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof ApiError) {
      for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
      return c.json(err.body(), err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST';
      return c.json({ error: { code, message: err.message || 'Bad request.' } }, status);
    }
    // safeError: a driver error's message, `detail` and parameters quote the request's values.
    logger.error({ err: safeError(err) }, 'unhandled error');
    return c.json({ error: { code: 'INTERNAL', message: 'Internal error.' } }, 500);
  };
}
