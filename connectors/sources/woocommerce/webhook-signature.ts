import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-WC-Webhook-Signature`: base64(HMAC-SHA256(raw body, secret)), as WooCommerce core computes it. */
export function signWooWebhook(rawBody: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/** Verifies a delivery against the raw request body (before any JSON parsing), in constant time. */
export function verifyWooWebhook(rawBody: string | Uint8Array, signatureHeader: string | null | undefined, secret: string): boolean {
  if (!signatureHeader || secret === '') return false;
  // Compare the base64 text itself: lenient base64 decoding would accept variant spellings.
  const expected = Buffer.from(signWooWebhook(rawBody, secret), 'utf8');
  const given = Buffer.from(signatureHeader.trim(), 'utf8');
  // A length mismatch means a malformed header; it reveals nothing about the secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
