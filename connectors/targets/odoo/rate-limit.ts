/**
 * Odoo publishes no rate limit for its external API (neither the JSON-2 nor the RPC documentation
 * names one). One request per second is our conservative default for a hosted instance, whose
 * workers also serve the merchant's own users; a connection may set its own `rateLimit`.
 */
export const odooDefaultRateLimit = { limit: 60, windowMs: 60_000 } as const;
