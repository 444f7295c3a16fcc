import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertConnection } from '../db/queries/connections';
import { getTargetTokens, markAccessRejected, saveGrantedTokens, touchTokensUsed } from '../db/queries/oauth-tokens';
import { oauthTokens, tenants } from '../db/schema';
import { createTestDatabase, type TestDatabase } from './support/database';

/**
 * The token keeper refreshes under the token row's lock and reads the vault through the connection pool
 * meanwhile. A sale that waited for that lock would hold a pooled connection; with 50 sales in flight every
 * connection waited and the keeper never finished (seen as "0 of 50 posted" in the Shopify → Exact journey).
 */
describe("a sale never waits for the token keeper's row lock", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.drop());

  async function connectedTarget() {
    const { db } = database;
    const [tenant] = await db.insert(tenants).values({ name: `Slotwinkel ${randomUUID().slice(0, 6)}` }).returning();
    const connectionId = randomUUID();
    await upsertConnection(db, { id: connectionId, tenantId: tenant!.id, role: 'target', vendor: 'exact-online', baseUrl: 'http://127.0.0.1:1', sealedCredentials: new Uint8Array([1]) });
    const now = Date.now();
    await saveGrantedTokens(db, {
      tenantId: tenant!.id, connectionId, vendor: 'exact-online', baseUrl: 'http://127.0.0.1:1',
      sealedAccessToken: new Uint8Array([2]), sealedRefreshToken: new Uint8Array([3]),
      accessIssuedAt: new Date(now), accessExpiresAt: new Date(now + 600_000), refreshIssuedAt: new Date(now), refreshExpiresAt: new Date(now + 30 * 86_400_000),
    });
    return { tenantId: tenant!.id, connectionId };
  }

  const row = async (connectionId: string) => (await database.db.select().from(oauthTokens).where(eq(oauthTokens.connectionId, connectionId)))[0]!;

  it('skips "in use" and "refused" marks while the keeper holds the row, and writes them once it is free', async () => {
    const { tenantId, connectionId } = await connectedTarget();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // What refreshTokens does: the row under lock for as long as the vendor takes to answer.
    const keeper = database.db.transaction(async (tx) => {
      await getTargetTokens(tx, tenantId, true);
      locked();
      await released;
    });
    await isLocked;

    // Both answer while the lock is held (a wait would time this test out) and change nothing.
    await touchTokensUsed(database.db, connectionId);
    await markAccessRejected(database.db, connectionId, 1);
    expect(await row(connectionId)).toMatchObject({ lastUsedAt: null, rejectedVersion: null });

    release();
    await keeper;
    await touchTokensUsed(database.db, connectionId);
    await markAccessRejected(database.db, connectionId, 1);
    const after = await row(connectionId);
    expect(after.lastUsedAt).toBeInstanceOf(Date);
    expect(after.rejectedVersion).toBe(1);
  });
});
