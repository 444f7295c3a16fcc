import type { HttpIssue } from '../../http-errors';

/**
 * Issues from a WP REST error body `{"code","message","data":{"status","params":{field: msg}}}`.
 * Only the vendor code and parameter names are kept; messages can quote submitted values.
 */
export function wooErrorIssues(body: unknown): HttpIssue[] {
  if (typeof body !== 'object' || body === null) return [];
  const { code, data } = body as { code?: unknown; data?: unknown };
  const vendorCode = typeof code === 'string' ? code : 'error';
  const params = typeof data === 'object' && data !== null ? (data as { params?: unknown }).params : undefined;
  if (typeof params === 'object' && params !== null) {
    const names = Object.keys(params);
    if (names.length > 0) return names.map((name) => ({ code: vendorCode, path: name, message: 'invalid parameter' }));
  }
  return [{ code: vendorCode, path: '', message: 'rejected by woocommerce' }];
}
