import type { SourceVendor } from './sale';

/**
 * Temporal names. Workflow ids and search attributes are visible without the payload codec, so
 * they carry ids only, never personal data (DESIGN.md, Security).
 */

export const TASK_QUEUE = 'doorzet';

/** Search attribute names (both of type Keyword); registered on the namespace at start-up. */
export const SEARCH_ATTRIBUTE_TENANT_ID = 'DoorzetTenantId';
export const SEARCH_ATTRIBUTE_SALE_STATE = 'DoorzetSaleState';
export const SEARCH_ATTRIBUTES = {
  [SEARCH_ATTRIBUTE_TENANT_ID]: 'Keyword',
  [SEARCH_ATTRIBUTE_SALE_STATE]: 'Keyword',
} as const;

export const SALE_STATES = [
  'fetching',
  'deduplicating',
  'matching-debtor',
  'posting',
  'posted',
  // A till sale recorded as part of its location's daily summary (tenant setting posBooking: daily-summary).
  'collected',
  'skipped-duplicate',
  'skipped-zero-value',
  'changed-after-posting',
  'failed',
] as const;

export type SaleState = (typeof SALE_STATES)[number];

export const TERMINAL_SALE_STATES: readonly SaleState[] = ['posted', 'collected', 'skipped-duplicate', 'skipped-zero-value', 'changed-after-posting', 'failed'];

export function isTerminalSaleState(state: SaleState): boolean {
  return TERMINAL_SALE_STATES.includes(state);
}

export class InvalidIdPartError extends Error {
  override readonly name = 'InvalidIdPartError';

  constructor(readonly part: string) {
    // The offending value stays out of the message: it might be the very personal data we refuse.
    super(`${part} may only contain letters, digits, '.', '_', '~' and '-' (1 to 200 characters)`);
  }
}

// No ':' (the separator), no '@' or spaces (keeps e-mail addresses and names out of ids).
const ID_PART = /^[A-Za-z0-9._~-]{1,200}$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Tenant ids are UUIDs; Postgres compares them case-insensitively but workflow ids, key ids and the
 * vault's associated data compare bytes. One spelling everywhere: lower case.
 */
export function canonicalTenantId(tenantId: string): string {
  return UUID.test(tenantId) ? tenantId.toLowerCase() : tenantId;
}

function part(name: string, value: string): string {
  if (!ID_PART.test(value)) throw new InvalidIdPartError(name);
  return value;
}

export function saleWorkflowId(tenantId: string, source: SourceVendor, externalId: string): string {
  return `sale:${part('tenantId', canonicalTenantId(tenantId))}:${part('source', source)}:${part('externalId', externalId)}`;
}

export function parseSaleWorkflowId(id: string): { tenantId: string; source: string; externalId: string } | null {
  const match = /^sale:([^:]+):([^:]+):([^:]+)$/.exec(id);
  if (!match) return null;
  const [, tenantId = '', source = '', externalId = ''] = match;
  return { tenantId, source, externalId };
}

export function tenantSyncWorkflowId(tenantId: string): string {
  return `tenant-sync:${part('tenantId', canonicalTenantId(tenantId))}`;
}

export function errorRedactionWorkflowId(errorId: string): string {
  return `error-redaction:${part('errorId', errorId)}`;
}

/** One redaction timer per tenant per due day (YYYY-MM-DD, UTC). */
export function errorRedactionDayWorkflowId(tenantId: string, dueDay: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDay)) throw new InvalidIdPartError('dueDay');
  return `error-redaction-day:${part('tenantId', canonicalTenantId(tenantId))}:${dueDay}`;
}

export function credentialRetentionWorkflowId(tenantId: string): string {
  return `credential-retention:${part('tenantId', canonicalTenantId(tenantId))}`;
}

/** A preview of one order (`POST /tenants/{id}/preview`); the nonce keeps concurrent previews apart. */
export function previewWorkflowId(tenantId: string, nonce: string): string {
  return `preview:${part('tenantId', tenantId)}:${part('nonce', nonce)}`;
}

export function connectionTestWorkflowId(tenantId: string, nonce: string): string {
  return `connection-test:${part('tenantId', canonicalTenantId(tenantId))}:${part('nonce', nonce)}`;
}

/**
 * The tenant a workflow belongs to, read from its id (`sale:<tenant>:…`, `tenant-sync:<tenant>`,
 * `credential-retention:<tenant>`, `connection-test:<tenant>:…`, `refund:<tenant>:…`, `correction:<tenant>:…`,
 * `backfill:<tenant>`, `completeness:<tenant>:…`); null for platform workflows.
 */
export function tenantOfWorkflowId(workflowId: string | undefined): string | null {
  if (!workflowId) return null;
  const match = /^(?:sale|tenant-sync|credential-retention|connection-test|refund|correction|backfill|completeness|error-redaction-day|pos-day|token-keeper):([^:]+)(?::|$)/.exec(workflowId);
  const tenantId = match?.[1];
  return tenantId && UUID.test(tenantId) ? tenantId.toLowerCase() : null;
}

/** The tenant's OAuth token keeper: the one place that refreshes the tenant's target tokens. */
export function tokenKeeperWorkflowId(tenantId: string): string {
  return `token-keeper:${part('tenantId', tenantId)}`;
}

export function oauthConnectWorkflowId(tenantId: string, nonce: string): string {
  return `oauth-connect:${part('tenantId', tenantId)}:${part('nonce', nonce)}`;
}

export function administrationsWorkflowId(tenantId: string, nonce: string): string {
  return `administrations:${part('tenantId', tenantId)}:${part('nonce', nonce)}`;
}

/** One workflow per refund (and `cancel` per cancelled order): ids only, like the sale's. */
export function refundWorkflowId(tenantId: string, source: SourceVendor, orderExternalId: string, refundExternalId: string): string {
  return `refund:${part('tenantId', canonicalTenantId(tenantId))}:${part('source', source)}:${part('orderExternalId', orderExternalId)}:${part('refundExternalId', refundExternalId)}`;
}

export function parseRefundWorkflowId(id: string): { tenantId: string; source: string; orderExternalId: string; refundExternalId: string } | null {
  const match = /^refund:([^:]+):([^:]+):([^:]+):([^:]+)$/.exec(id);
  if (!match) return null;
  const [, tenantId = '', source = '', orderExternalId = '', refundExternalId = ''] = match;
  return { tenantId, source, orderExternalId, refundExternalId };
}

/** Brings the ledger in line with an order edited after posting (credit note + new invoice per change). */
export function correctionWorkflowId(tenantId: string, source: SourceVendor, externalId: string): string {
  return `correction:${part('tenantId', canonicalTenantId(tenantId))}:${part('source', source)}:${part('externalId', externalId)}`;
}

export function backfillWorkflowId(tenantId: string): string {
  return `backfill:${part('tenantId', canonicalTenantId(tenantId))}`;
}

/** The daily completeness check of one tenant for one day (YYYY-MM-DD). */
export function completenessWorkflowId(tenantId: string, day: string): string {
  return `completeness:${part('tenantId', canonicalTenantId(tenantId))}:${part('day', day)}`;
}

export const REFUND_STATES = [
  'fetching', 'waiting-for-invoice', 'deduplicating', 'matching-debtor', 'crediting',
  'credited', 'skipped-duplicate', 'nothing-to-credit', 'already-credited', 'failed',
] as const;

export type RefundState = (typeof REFUND_STATES)[number];
/** One location's till day, booked as one summary (`pos-day:<tenant>:<location>:<YYYY-MM-DD>`). */
export function posDayWorkflowId(tenantId: string, location: string, businessDay: string): string {
  return `pos-day:${part('tenantId', tenantId)}:${part('location', location)}:${part('businessDay', businessDay)}`;
}
