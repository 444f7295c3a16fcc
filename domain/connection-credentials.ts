import { z } from 'zod';

/**
 * What the API accepts as a connection: the vendor for each role, its base URL and the vendor's
 * credentials. Pure zod, so the API can validate without importing connectors/. Issue messages
 * never echo the input: a rejected secret must not come back in a 400 body.
 */

export const SOURCE_VENDORS = ['woocommerce'] as const;
export const TARGET_VENDORS = ['moneybird'] as const;
export type ConnectionRoleName = 'source' | 'target';

const text = (name: string, min: number, max: number) =>
  z.string({ error: `${name} is required` }).trim().min(min, `${name} is too short`).max(max, `${name} is too long`);

// Same rules as connectors/registry.ts (which the API may not import), plus the webhook secret doorzet keeps.
export const wooCommerceCredentialsSchema = z.object({
  consumerKey: text('consumerKey', 4, 200).startsWith('ck_', 'consumerKey starts with ck_'),
  consumerSecret: text('consumerSecret', 4, 200).startsWith('cs_', 'consumerSecret starts with cs_'),
  /** The secret set on the WooCommerce webhook; signs every delivery. */
  webhookSecret: text('webhookSecret', 8, 500),
});

export const moneybirdCredentialsSchema = z.object({
  apiToken: text('apiToken', 20, 500),
  administrationId: z.string({ error: 'administrationId is required' }).regex(/^\d{1,30}$/, 'expected a numeric administration id'),
});

export type WooCommerceCredentials = z.infer<typeof wooCommerceCredentialsSchema>;
export type MoneybirdCredentials = z.infer<typeof moneybirdCredentialsSchema>;

export const CREDENTIAL_SCHEMAS = {
  woocommerce: wooCommerceCredentialsSchema,
  moneybird: moneybirdCredentialsSchema,
} as const;

export type ConnectionVendor = keyof typeof CREDENTIAL_SCHEMAS;

export function vendorsFor(role: ConnectionRoleName): readonly ConnectionVendor[] {
  return role === 'source' ? SOURCE_VENDORS : TARGET_VENDORS;
}

/** True for hosts that never leave this machine (the simulators): 127.0.0.0/8, localhost, ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The connectors' transport rule: https://, plain http:// only to loopback; no credentials, query or fragment. */
export function checkBaseUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'baseUrl is not a valid absolute URL' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'baseUrl must not contain credentials' };
  if (url.search !== '' || url.hash !== '') return { ok: false, message: 'baseUrl must not contain a query or fragment' };
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return { ok: true, url: raw.replace(/\/+$/, '') };
  }
  return { ok: false, message: 'baseUrl must use https:// (plain http:// is allowed only to loopback)' };
}
