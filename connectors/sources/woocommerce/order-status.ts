/**
 * Which WooCommerce statuses are sales to book. `processing` (paid), `completed` and `on-hold`
 * (awaiting a bank transfer, goods committed) are; `pending`, `failed`, `cancelled`, `trash` and block
 * checkout's `checkout-draft` are not. `refunded` is not booked either: refunds need a credit note,
 * which doorzet does not create yet.
 */
const bookableStatuses: ReadonlySet<string> = new Set(['processing', 'completed', 'on-hold']);

export function isBookableWooStatus(status: string): boolean {
  return bookableStatuses.has(status);
}

/**
 * Every status WooCommerce core and block checkout set (Automattic\WooCommerce\Enums\OrderStatus, including
 * the draft ones: auto-draft, draft, legacy new); anything else comes from a plugin.
 */
const knownStatuses: ReadonlySet<string> = new Set([
  'pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'trash', 'checkout-draft', 'auto-draft', 'draft', 'new',
]);

export function isKnownWooStatus(status: string): boolean {
  return knownStatuses.has(status);
}
