import { z } from 'zod';

const text = (name: string, min: number, max: number) =>
  z.string({ error: `${name} is required` }).trim().min(min, `${name} is too short`).max(max, `${name} is too long`);

/**
 * WooCommerce REST keys (WooCommerce → Settings → Advanced → REST API, read access) and the secret set
 * on the shop's webhooks. Issue messages never echo the input: a rejected secret must not come back.
 */
export const wooCommerceCredentialsSchema = z.object({
  consumerKey: text('consumerKey', 4, 200).startsWith('ck_', 'consumerKey starts with ck_'),
  consumerSecret: text('consumerSecret', 4, 200).startsWith('cs_', 'consumerSecret starts with cs_'),
  /** The secret set on the WooCommerce webhooks; signs every delivery. Without it doorzet only polls. */
  webhookSecret: text('webhookSecret', 8, 500).optional(),
});

export type WooCommerceCredentials = z.infer<typeof wooCommerceCredentialsSchema>;
