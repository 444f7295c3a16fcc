import type { PasswordHashParams } from '../crypto/password';
import { hashPassword } from '../crypto/password';
import { newAccountKey } from '../crypto/tokens';
import type { Db } from '../db/client';
import { EmailInUseError, findUserByEmail, insertUser } from '../db/queries/users';
import { isValidAccountKey } from '../domain/password-policy';
import { assertPasswordPolicy } from './password-rules';

/**
 * Bootstrap for `npm start`: makes sure an ops user with this e-mail exists and returns its account
 * key. An existing user is left as it is (its password is not reset).
 */
export async function ensureOpsUser(db: Db, input: {
  email: string; password: string; accountKey?: string; passwordHashParams?: PasswordHashParams;
}): Promise<{ id: string; accountKey: string; created: boolean }> {
  const existing = await findUserByEmail(db, input.email);
  if (existing) {
    if (existing.role !== 'ops') throw new Error('ensureOpsUser: that e-mail address belongs to a tenant user');
    return { id: existing.id, accountKey: existing.accountKey, created: false };
  }
  assertPasswordPolicy(input.password);
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
