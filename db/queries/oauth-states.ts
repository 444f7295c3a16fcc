import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { oauthStates } from '../schema';

export type OAuthStateRow = typeof oauthStates.$inferSelect;

export async function insertOAuthState(db: Db, row: typeof oauthStates.$inferInsert): Promise<void> {
  // Abandoned flows are swept whenever a new one starts.
  await db.delete(oauthStates).where(lt(oauthStates.expiresAt, sql`now()`));
  await db.insert(oauthStates).values(row);
}

/** Takes the state (single use): the row is gone afterwards, whether or not it is still valid. */
export async function takeOAuthState(db: Db, stateHash: string): Promise<OAuthStateRow | null> {
  const [row] = await db.delete(oauthStates).where(eq(oauthStates.stateHash, stateHash)).returning();
  return row ?? null;
}
