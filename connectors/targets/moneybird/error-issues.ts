import type { HttpIssue } from '../../http-errors';

// Rails-style validation messages ("is required", "has already been taken") name no values; anything else is masked.
const safeMessage = (message: string): string => (/^[a-z][a-z ,.'-]{0,80}$/i.test(message) ? message : 'invalid');

/**
 * Issues from Moneybird's two error shapes:
 * `{"error":{"field":["is required"]},"details":{...}}` (422) and
 * `{"error":"Contact is required","symbolic":{"contact":"required"}}` (400/402/404).
 */
export function moneybirdErrorIssues(body: unknown): HttpIssue[] {
  if (typeof body !== 'object' || body === null) return [];
  const { error, symbolic } = body as { error?: unknown; symbolic?: unknown };
  if (typeof error === 'object' && error !== null) {
    return Object.entries(error).map(([field, messages]) => ({
      code: 'invalid',
      path: field,
      message: Array.isArray(messages) ? messages.map((m) => safeMessage(String(m))).join('; ') : 'invalid',
    }));
  }
  if (typeof symbolic === 'object' && symbolic !== null) {
    return Object.entries(symbolic).map(([field, code]) => {
      const symbol = typeof code === 'string' ? safeMessage(code) : 'invalid';
      return { code: symbol, path: field, message: symbol };
    });
  }
  return [];
}
