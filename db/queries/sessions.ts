import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { preparedPerDb } from '../prepared';
import { sessions, users } from '../schema';

export interface SessionUser {
  id: string;
  email: string;
  role: 'tenant' | 'ops';
  tenantId: string | null;
}

/** Stores a session under the hash of its token; the token itself is never stored. */
export async function insertSession(db: Db, s: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.insert(sessions).values(s);
}

/** The user of an unexpired session, or null. */
// Every authenticated request asks this: prepared once per pool.
const sessionUserStatement = preparedPerDb((db) => db
  .select({ id: users.id, email: users.email, role: users.role, tenantId: users.tenantId, expiresAt: sessions.expiresAt })
  .from(sessions)
  .innerJoin(users, eq(users.id, sessions.userId))
  .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql.placeholder('now'))))
  .prepare('session_user'));

export async function findSessionUser(db: Db, tokenHash: string, now: Date): Promise<(SessionUser & { expiresAt: Date }) | null> {
  const [row] = await sessionUserStatement(db).execute({ tokenHash, now: now.toISOString() }); // a placeholder skips the column's Date mapping
  return row ?? null;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Expired sessions of one user; called at login so the table does not grow without bound. */
export async function deleteExpiredSessions(db: Db, userId: string, now: Date): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lte(sessions.expiresAt, now)));
}
