import type { z } from 'zod';
import type { HttpIssue } from './http-errors';

/** zod issues as ConnectorError issues: path and zod's message, which names types, never the value. */
export function issuesFromZod(error: z.ZodError): HttpIssue[] {
  return error.issues.map((issue) => ({
    code: issue.code,
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
