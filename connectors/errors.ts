/**
 * Why a vendor call failed, in terms the sale journey acts on:
 * - retryable: 5xx, network, timeouts; a later attempt may succeed.
 * - RATE_LIMITED: retryable after `retryAfterMs`.
 * - AUTH_REVOKED: credentials rejected (401/403); pause the tenant, do not fail each sale.
 * - MISSING_SCOPE: the credentials are valid but lack a permission (OAuth scope) the call needs;
 *   pause the tenant until the merchant grants it. `issues` name the scopes.
 * - NOT_BOOKABLE: the order exists but its status is not a sale (pending, cancelled, ...); skip it, no error record.
 * - anything else: permanent for this sale (validation, not found, mapping).
 */
export type ConnectorErrorCode =
  | 'NETWORK'
  | 'TIMEOUT'
  | 'SERVER_ERROR'
  | 'RATE_LIMITED'
  | 'AUTH_REVOKED'
  | 'MISSING_SCOPE'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'SALE_INVALID'
  | 'UNKNOWN_VAT_RATE'
  | 'PAYMENT_REQUIRED'
  | 'NOT_BOOKABLE'
  /** The order has a status the vendor module does not know: not skipped silently, recorded. */
  | 'UNKNOWN_STATUS'
  /** The vendor's response is larger than doorzet reads (http.ts caps bodies in bytes). */
  | 'RESPONSE_TOO_LARGE';

const retryableCodes: ReadonlySet<ConnectorErrorCode> = new Set(['NETWORK', 'TIMEOUT', 'SERVER_ERROR', 'RATE_LIMITED']);

export interface ConnectorErrorDetails {
  status?: number;
  retryAfterMs?: number;
  /** Whether the request may have reached the vendor and been committed (timeout, reset after sending). */
  ambiguous?: boolean;
  /** Structured, non-personal detail (field names, vendor error codes). */
  issues?: { code: string; path: string; message: string }[];
}

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly retryable: boolean;

  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    readonly details: ConnectorErrorDetails = {},
  ) {
    super(message);
    this.retryable = retryableCodes.has(code);
  }
}
