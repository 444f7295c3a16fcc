import { hashPassword, needsRehash, verifyPassword } from '../crypto/password';
import { hashToken, newSessionToken } from '../crypto/tokens';
import { deleteExpiredSessions, insertSession, type SessionUser } from '../db/queries/sessions';
import { findUserForLogin, updatePasswordHash } from '../db/queries/users';
import type { ApiContext } from './deps';
import { ApiError } from './errors';
import { accountKeyOf, assertUnlocked, networkKey, recordFailure, recordSuccess } from './login-throttle';

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

/** Throws 429 (throttled) or 401 (INVALID_CREDENTIALS, whatever was wrong). The same rules as issue 11's route. */
export async function logIn(ctx: ApiContext, input: LoginInput, clientIp: string | null): Promise<NewSession> {
  const { email, accountKey, password } = input;
  const ip = networkKey(clientIp);
  const user = await findUserForLogin(ctx.db, email, accountKey);
  if (!user) {
    // Unknown credentials: refused at once while the network is locked, else counted against the network.
    await assertUnlocked(ctx, ip);
    await verifyPassword(await dummyHash(ctx), password); // the same cost as a known account
    await recordFailure(ctx, { account: null, ip });
    throw invalidCredentials();
  }
  // The e-mail and account key match: only this account's own lock applies, never the network's.
  const keys = { account: accountKeyOf(user.id), ip };
  await assertUnlocked(ctx, keys.account);
  if (!(await verifyPassword(user.passwordHash, password))) {
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
