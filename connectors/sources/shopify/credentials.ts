import { z } from 'zod';

const text = (name: string, min: number, max: number) =>
  z.string({ error: `${name} is required` }).trim().min(min, `${name} is too short`).max(max, `${name} is too long`);

/**
 * A custom app's Admin API access token (Shopify admin → Settings → Apps → Develop apps → API
 * credentials; scopes read_orders, read_customers; `shpat_…`) and the app's client secret, which signs
 * every webhook delivery. Issue messages never echo the input.
 */
export const shopifyCredentialsSchema = z.object({
  accessToken: text('accessToken', 10, 200).regex(/^shp[a-z]{2}_[A-Za-z0-9]+$/, 'accessToken is an Admin API access token (shpat_…)'),
  /** The app's client secret (API secret key): the HMAC key of X-Shopify-Hmac-Sha256. Without it doorzet only polls. */
  clientSecret: text('clientSecret', 8, 500).optional(),
});

export type ShopifyCredentials = z.infer<typeof shopifyCredentialsSchema>;
