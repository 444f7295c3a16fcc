import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Shopify-Hmac-Sha256`: base64(HMAC-SHA256(raw body, the app's client secret)). */
export function signShopifyWebhook(rawBody: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * Verifies a delivery against the raw request body (before any JSON parsing), in constant time.
 * https://shopify.dev/docs/apps/build/webhooks/verify-deliveries
 */
export function verifyShopifyWebhook(rawBody: string | Uint8Array, header: string | null | undefined, secret: string): boolean {
  if (!header || secret === '') return false;
  // Compare the decoded digests: 32 bytes each; a header that is not base64 of 32 bytes fails the length check.
  const given = Buffer.from(header.trim(), 'base64');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
