/**
 * Shopify's global ids (`gid://shopify/Order/450789469`) hold ':' and '/', which workflow ids refuse;
 * doorzet keeps the numeric part as the external id and rebuilds the gid for each query.
 * https://shopify.dev/docs/api/usage/gids
 */
export function toGid(type: 'Order' | 'Refund' | 'Location', numericId: string): string {
  return `gid://shopify/${type}/${numericId}`;
}

/** The numeric id of a gid (`gid://shopify/Order/450789469?x=1` → `450789469`), null for anything else. */
export function numericIdOf(gid: string): string | null {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d{1,20})(?:\?.*)?$/.exec(gid);
  return match?.[1] ?? null;
}

export function isNumericId(id: string): boolean {
  return /^\d{1,20}$/.test(id);
}
