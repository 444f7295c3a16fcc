/**
 * WooCommerce's `modified_after` is exclusive and stores times to the second, so an order saved in
 * the same second as the cursor could be missed. The next poll starts a little earlier; the sync
 * workflow drops changes it has already handled.
 */
export const CURSOR_OVERLAP_MS = 2_000;

export function overlappedCursor(cursorIso: string): string {
  return new Date(new Date(cursorIso).getTime() - CURSOR_OVERLAP_MS).toISOString();
}
