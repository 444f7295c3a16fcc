import type { WebhookSpec } from '../connectors/catalogue';
import type { ConnectionRow } from '../db/queries/connections';
import type { ApiContext } from './deps';

type Verifier = (rawBody: Uint8Array, headers: Headers) => boolean;

interface Entry {
  /** The row version the verifier was built from: new credentials build a new one. */
  version: number;
  verify: Verifier;
  expiresAt: number;
}

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 10_000;
const refuseAll: Verifier = () => false;

/**
 * Webhook verifiers per connection, built from the sealed webhook secret once and kept for a few
 * minutes, so a flood of forged deliveries costs HMACs, not vault decryptions and access-log rows.
 */
export function createWebhookVerifiers(ctx: Pick<ApiContext, 'vault' | 'now'>) {
  const cache = new Map<string, Entry>();

  async function build(connection: ConnectionRow, spec: WebhookSpec): Promise<Verifier> {
    if (!connection.sealedCredentials) return refuseAll;
    try {
      const credentials = await ctx.vault.open(connection.tenantId, connection.id, connection.sealedCredentials, {
        actor: 'webhook', purpose: 'verify webhook signatures',
      });
      const secret = typeof credentials === 'object' && credentials !== null ? spec.secretOf(credentials as Record<string, unknown>) : null;
      if (!secret) return refuseAll;
      return (rawBody, headers) => spec.verify(secret, rawBody, headers);
    } catch {
      return refuseAll; // shredded tenant key, or sealed for another row
    }
  }

  return {
    async verify(connection: ConnectionRow, spec: WebhookSpec, rawBody: Uint8Array, headers: Headers): Promise<boolean> {
      const now = ctx.now().getTime();
      const version = connection.updatedAt.getTime();
      let entry = cache.get(connection.id);
      if (!entry || entry.version !== version || entry.expiresAt <= now) {
        entry = { version, verify: await build(connection, spec), expiresAt: now + TTL_MS };
        cache.delete(connection.id);
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
        cache.set(connection.id, entry);
      }
      return entry.verify(rawBody, headers);
    },
    forget(connectionId: string) {
      cache.delete(connectionId);
    },
  };
}

export type WebhookVerifiers = ReturnType<typeof createWebhookVerifiers>;
