import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { users } from '../schema';

export type UserRow = typeof users.$inferSelect;
export type UserRole = UserRow['role'];

/** E-mail addresses of dashboard users are stored trimmed and lower case. */
export const normaliseUserEmail = (email: string) => email.trim().toLowerCase();

export class EmailInUseError extends Error {
  override readonly name = 'EmailInUseError';
}

export async function insertUser(db: Db, user: {
  email: string; accountKey: string; passwordHash: string; role: UserRole; tenantId: string | null;
}): Promise<UserRow> {
  const rows = await db.insert(users).values({ ...user, email: normaliseUserEmail(user.email) })
    .onConflictDoNothing({ target: users.email })
    .returning();
  const row = rows[0];
  if (!row) throw new EmailInUseError('a user with this e-mail address exists');
  return row;
}

/** The user that e-mail and account key together identify; both must match. */
export async function findUserForLogin(db: Db, email: string, accountKey: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users)
    .where(and(eq(users.email, normaliseUserEmail(email)), eq(users.accountKey, accountKey)));
  return row ?? null;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, normaliseUserEmail(email)));
  return row ?? null;
}

export async function updatePasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function countUsers(db: Db, role: UserRole): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.role, role));
  return row?.n ?? 0;
}
