import type { HttpIssue } from '../../http-errors';
import { errorBodySchema } from './odata';

// Exact's messages name fields ("Mandatory: Journal"); anything that could carry a submitted value is masked.
const safeMessage = (message: string): string => (/^[\p{L}0-9 ,.:;'()/_-]{1,160}$/u.test(message) && !/@/.test(message) ? message : 'rejected');

/** Issues from Exact's OData error body; the field is named where the message names one ("Mandatory: X"). */
export function exactErrorIssues(body: unknown): HttpIssue[] {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return [];
  const message = safeMessage(parsed.data.error.message.value.trim());
  const field = /^(?:Mandatory|Verplicht|Invalid|Ongeldig)[^:]*:\s*([A-Za-z][A-Za-z0-9_.]*)/.exec(message)?.[1] ?? '';
  return [{ code: parsed.data.error.code || 'rejected', path: field, message }];
}
