import { and, eq, sql } from 'drizzle-orm';
import { hashPassword, type PasswordHashParams } from '../../crypto/password';
import { newAccountKey } from '../../crypto/tokens';
import { checkPassword, isValidAccountKey } from '../../domain/password-policy';
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

/**
 * Bootstrap for `npm start`: makes sure an ops user with this e-mail address exists and returns its
 * account key. An existing user is left as it is (its password is not reset).
 */
export async function ensureOpsUser(db: Db, input: {
  email: string; password: string; accountKey?: string; passwordHashParams?: PasswordHashParams;
}): Promise<{ id: string; accountKey: string; created: boolean }> {
  const existing = await findUserByEmail(db, input.email);
  if (existing) {
    if (existing.role !== 'ops') throw new Error('ensureOpsUser: that e-mail address belongs to a tenant user');
    return { id: existing.id, accountKey: existing.accountKey, created: false };
  }
  const check = checkPassword(input.password);
  if (!check.ok) throw new Error(`ensureOpsUser: the password breaks the policy (${check.failed.join(', ')})`);
  if (input.accountKey !== undefined && !isValidAccountKey(input.accountKey)) throw new Error('ensureOpsUser: the account key must be 32 letters and digits');
  const accountKey = input.accountKey ?? (await newAccountKey());
  try {
    const user = await insertUser(db, {
      email: input.email, accountKey, role: 'ops', tenantId: null,
      passwordHash: await hashPassword(input.password, input.passwordHashParams),
    });
    return { id: user.id, accountKey, created: true };
  } catch (error) {
    // Two starts racing: the other one created it.
    if (error instanceof EmailInUseError) return ensureOpsUser(db, input);
    throw error;
  }
}
