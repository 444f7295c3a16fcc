import type { SourceDescriptor } from '../../vendor';
import { wooCommerceCredentialsSchema } from './credentials';
import { saleFromWooPayload } from './payload';
import { wooCommerceWebhook } from './webhook';

/** WooCommerce REST API v3: https://woocommerce.github.io/woocommerce-rest-api-docs/ */
export const wooCommerceDescriptor: SourceDescriptor = {
  role: 'source',
  vendor: 'woocommerce',
  displayName: 'WooCommerce',
  docsUrl: 'https://woocommerce.github.io/woocommerce-rest-api-docs/',
  credentialsSchema: wooCommerceCredentialsSchema,
  defaultBaseUrl: null,
  baseUrlHelp: 'The root of the shop, e.g. https://shop.example.nl (doorzet appends /wp-json/wc/v3).',
  rateLimits: [],
  auth: 'credentials',
  webhook: wooCommerceWebhook,
  // `modified_after` is exclusive and stamped to the second: re-read a little before the cursor.
  cursorOverlapMs: 2_000,
  saleFromPayload: saleFromWooPayload,
};
