/**
 * What a merchant sets up in a source vendor's admin so its webhooks reach doorzet: the topics per vendor
 * (the delivery URL is the API's, per connection). Vendors without webhooks are absent.
 */
export const WEBHOOK_TOPICS: Readonly<Record<string, readonly string[]>> = {
  // WooCommerce → Settings → Advanced → Webhooks: one webhook per topic; a refund updates its order.
  woocommerce: ['order.created', 'order.updated'],
};

/** Target vendors that connect by OAuth (a "Connect" button instead of credential fields). None yet; Exact Online will be. */
export const OAUTH_VENDORS: readonly string[] = [];
