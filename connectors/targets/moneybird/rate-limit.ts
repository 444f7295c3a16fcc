/** Moneybird's published limit: 150 requests per 5 minutes for the whole platform, not raisable. */
export const moneybirdRateLimit = { limit: 150, windowMs: 5 * 60_000 } as const;
