import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { connections, oauthTokens } from '../schema';

export type OAuthTokenRow = typeof oauthTokens.$inferSelect;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** What is known about a tenant's target tokens without opening them (for the keeper and the budget). */
export interface TokenMeta {
  connectionId: string;
  version: number;
  accessIssuedAt: Date;
  accessExpiresAt: Date;
  refreshIssuedAt: Date;
  refreshExpiresAt: Date;
  lastUsedAt: Date | null;
  rejectedVersion: number | null;
  deadAt: Date | null;
  deadReason: string | null;
}

export interface IssuedTokens {
  tenantId: string;
  connectionId: string;
  vendor: string;
  baseUrl: string;
  sealedAccessToken: Uint8Array;
  sealedRefreshToken: Uint8Array;
  accessIssuedAt: Date;
  accessExpiresAt: Date;
  refreshIssuedAt: Date;
  refreshExpiresAt: Date;
}

const meta = (row: OAuthTokenRow): TokenMeta => ({
  connectionId: row.connectionId, version: row.version, accessIssuedAt: row.accessIssuedAt, accessExpiresAt: row.accessExpiresAt,
  refreshIssuedAt: row.refreshIssuedAt, refreshExpiresAt: row.refreshExpiresAt, lastUsedAt: row.lastUsedAt, rejectedVersion: row.rejectedVersion,
  deadAt: row.deadAt, deadReason: row.deadReason,
});

export { meta as tokenMetaOf };

/**
 * The tenant's target connection and its token row, if the tokens still belong to it (same vendor and
 * site: a connection switched to another vendor leaves stale tokens that must not be used).
 */
export async function getTargetTokens(db: Db | Tx, tenantId: string, forUpdate = false): Promise<{ connection: typeof connections.$inferSelect; tokens: OAuthTokenRow | null } | null> {
  const [connection] = await db.select().from(connections).where(and(eq(connections.tenantId, tenantId), eq(connections.role, 'target')));
  if (!connection) return null;
  const query = db.select().from(oauthTokens).where(eq(oauthTokens.connectionId, connection.id));
  const [tokens] = forUpdate ? await query.for('update') : await query;
  const current = tokens && tokens.vendor === connection.vendor && tokens.baseUrl === connection.baseUrl ? tokens : null;
  return { connection, tokens: current };
}

/** A fresh grant (code exchange): version 1 on a new row, or the next version over any older grant. */
export async function saveGrantedTokens(db: Db | Tx, t: IssuedTokens): Promise<TokenMeta> {
  const [row] = await db.insert(oauthTokens).values({ ...t, version: 1, updatedAt: sql`now()` })
    .onConflictDoUpdate({
      target: oauthTokens.connectionId,
      set: {
        vendor: t.vendor, baseUrl: t.baseUrl, version: sql`${oauthTokens.version} + 1`,
        sealedAccessToken: t.sealedAccessToken, sealedRefreshToken: t.sealedRefreshToken, accessIssuedAt: t.accessIssuedAt, accessExpiresAt: t.accessExpiresAt,
        refreshIssuedAt: t.refreshIssuedAt, refreshExpiresAt: t.refreshExpiresAt, lastUsedAt: null, rejectedVersion: null, deadAt: null, deadReason: null, updatedAt: sql`now()`,
      },
    })
    .returning();
  if (!row) throw new Error('upsert into oauth_tokens returned nothing');
  return meta(row);
}

/** A refresh: only over the version it refreshed (the caller holds the row lock). */
export async function saveRefreshedTokens(tx: Tx, t: IssuedTokens & { fromVersion: number }): Promise<TokenMeta> {
  const [row] = await tx.update(oauthTokens).set({
    version: t.fromVersion + 1, sealedAccessToken: t.sealedAccessToken, sealedRefreshToken: t.sealedRefreshToken,
    accessIssuedAt: t.accessIssuedAt, accessExpiresAt: t.accessExpiresAt, refreshIssuedAt: t.refreshIssuedAt, refreshExpiresAt: t.refreshExpiresAt,
    rejectedVersion: null, updatedAt: sql`now()`,
  }).where(and(eq(oauthTokens.connectionId, t.connectionId), eq(oauthTokens.version, t.fromVersion))).returning();
  if (!row) throw new Error('the token row changed under its lock');
  return meta(row);
}

export async function markTokensDead(db: Db | Tx, connectionId: string, reason: string): Promise<void> {
  await db.update(oauthTokens).set({ deadAt: sql`coalesce(${oauthTokens.deadAt}, now())`, deadReason: reason, updatedAt: sql`now()` })
    .where(eq(oauthTokens.connectionId, connectionId));
}

/**
 * The row, unless the token keeper holds it (a refresh under way, `refreshTokens`). Sales never wait for
 * that lock: waiting would hold a pooled connection, and with every connection waiting the keeper could not
 * finish its own refresh (it reads the vault through the pool) — a deadlock seen with 50 sales in flight.
 */
const unlockedRow = (connectionId: string) => sql`${oauthTokens.connectionId} in (
  select ${oauthTokens.connectionId} from ${oauthTokens} where ${oauthTokens.connectionId} = ${connectionId} for update skip locked)`;

/**
 * The vendor refused this access token: callers stop using it and wait for the next version. Skipped while
 * the keeper refreshes (a next version is on its way); the caller retries and marks it then if it must.
 */
export async function markAccessRejected(db: Db, connectionId: string, version: number): Promise<void> {
  await db.update(oauthTokens).set({ rejectedVersion: version })
    .where(and(eq(oauthTokens.connectionId, connectionId), eq(oauthTokens.version, version), unlockedRow(connectionId)));
}

/** Remembers that the current access token is in use (at most a write every few seconds per connection; skipped during a refresh). */
export async function touchTokensUsed(db: Db, connectionId: string): Promise<void> {
  await db.update(oauthTokens).set({ lastUsedAt: sql`now()` })
    .where(and(
      eq(oauthTokens.connectionId, connectionId),
      sql`(${oauthTokens.lastUsedAt} is null or ${oauthTokens.lastUsedAt} < now() - interval '5 seconds')`,
      unlockedRow(connectionId),
    ));
}

export async function deleteTenantTokens(db: Db, tenantId: string): Promise<number> {
  const rows = await db.delete(oauthTokens).where(eq(oauthTokens.tenantId, tenantId)).returning({ id: oauthTokens.connectionId });
  return rows.length;
}
