import type { SourceDescriptor } from '../../vendor';
import { SHOPIFY_API_VERSION } from './api-version';
import { shopifyCredentialsSchema } from './credentials';
import { shopifyWebhook } from './webhook';

/** Shopify's GraphQL Admin API, one pinned version (api-version.ts); web and POS orders alike. */
export const shopifyDescriptor: SourceDescriptor = {
  role: 'source',
  vendor: 'shopify',
  displayName: 'Shopify (incl. POS)',
  docsUrl: `https://shopify.dev/docs/api/admin-graphql/${SHOPIFY_API_VERSION}`,
  credentialsSchema: shopifyCredentialsSchema,
  defaultBaseUrl: null,
  baseUrlHelp: 'The shop\'s own domain, e.g. https://my-shop.myshopify.com (doorzet appends /admin/api/<version>/graphql.json).',
  // Cost-based, not a request count: the client reads extensions.cost.throttleStatus on every answer.
  rateLimits: [],
  costThrottle: { restorePointsPerSecond: 100, maxQueryCost: 1000 },
  auth: 'credentials',
  webhook: shopifyWebhook,
  // `updated_at:>'…'` is exclusive and compares whole seconds: re-read a little before the cursor.
  cursorOverlapMs: 2_000,
};
