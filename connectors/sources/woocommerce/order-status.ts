/**
 * Which WooCommerce statuses are sales to book. `processing` (paid), `completed` and `on-hold`
 * (awaiting a bank transfer, goods committed) are; so is `refunded`: the sale happened and is booked,
 * and its refunds become credit notes of their own (nothing is netted away). `pending`, `failed`,
 * `cancelled`, `trash` and block checkout's `checkout-draft` are not; a `cancelled` order that was
 * booked before gets a credit note for what was not refunded yet (see map-refund mapWooCancellation).
 */
const bookableStatuses: ReadonlySet<string> = new Set(['processing', 'completed', 'on-hold', 'refunded']);

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
