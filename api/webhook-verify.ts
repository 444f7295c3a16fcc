import { verifyHmacSha256Base64 } from '../crypto/hmac';
import type { ConnectionRow } from '../db/queries/connections';
import { wooCommerceCredentialsSchema } from '../domain/connection-credentials';
import type { ApiContext } from './deps';

/**
 * Opens the connection's credentials for their webhook secret (one credential-access-log row per
 * delivery) and checks the signature in constant time. Any failure to open counts as a bad signature.
 */
export async function hmacVerify(ctx: ApiContext, connection: ConnectionRow, rawBody: Uint8Array, signature: string): Promise<boolean> {
  if (!connection.sealedCredentials) return false;
  let secret: string;
  try {
    const credentials = await ctx.vault.open(connection.tenantId, connection.id, connection.sealedCredentials, {
      actor: 'webhook', purpose: 'verify webhook signature',
    });
    const parsed = wooCommerceCredentialsSchema.safeParse(credentials);
    if (!parsed.success) return false;
    secret = parsed.data.webhookSecret;
  } catch {
    return false; // shredded tenant key, or sealed for another row
  }
  return verifyHmacSha256Base64(secret, rawBody, signature);
}
