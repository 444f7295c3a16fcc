import { hashPassword, needsRehash, verifyPassword } from '../crypto/password';
import { hashToken, newSessionToken } from '../crypto/tokens';
import { deleteExpiredSessions, insertSession, type SessionUser } from '../db/queries/sessions';
import { findUserForLogin, updatePasswordHash } from '../db/queries/users';
import type { ApiContext } from './deps';
import { ApiError } from './errors';
import { assertNotThrottled, recordFailure, recordSuccess, throttleKeys } from './login-throttle';

/** One login, for `POST /auth/login` and the login page alike: throttle, verify, new session. */

export const invalidCredentials = () => new ApiError(401, 'INVALID_CREDENTIALS', 'invalid credentials');

export interface LoginInput { email: string; accountKey: string; password: string }
export interface NewSession { token: string; expiresAt: Date; user: SessionUser }

const dummyHashes = new WeakMap<ApiContext, Promise<string>>();

/** Unknown accounts still pay for one argon2 verification, so timing does not tell them apart. */
function dummyHash(ctx: ApiContext): Promise<string> {
  let hash = dummyHashes.get(ctx);
  if (!hash) dummyHashes.set(ctx, (hash = hashPassword('doorzet-dummy-Password-1!', ctx.passwordHashParams)));
  return hash;
}

/** Throws 429 (throttled) or 401 (INVALID_CREDENTIALS, whatever was wrong). */
export async function logIn(ctx: ApiContext, input: LoginInput, ip: string | null): Promise<NewSession> {
  const { email, accountKey, password } = input;
  const keys = await throttleKeys(email, ip);
  await assertNotThrottled(ctx, keys);
  const user = await findUserForLogin(ctx.db, email, accountKey);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash(ctx)), password);
  if (!user || !ok) {
    await recordFailure(ctx, keys);
    throw invalidCredentials();
  }
  await recordSuccess(ctx, keys);
  if (await needsRehash(user.passwordHash, ctx.passwordHashParams)) {
    await updatePasswordHash(ctx.db, user.id, await hashPassword(password, ctx.passwordHashParams));
  }
  const now = ctx.now();
  await deleteExpiredSessions(ctx.db, user.id, now);
  const token = await newSessionToken();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
  await insertSession(ctx.db, { tokenHash: await hashToken(token), userId: user.id, expiresAt });
  return { token, expiresAt, user: { id: user.id, email: user.email, role: user.role, tenantId: user.tenantId } };
}
