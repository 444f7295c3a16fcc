/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOpsUser } from '../../db/queries/users';
import { loginThrottle } from '../../db/schema';
import { createHarness, FAST_HASH, NOT_FOUND_BODY, VALID_PASSWORD, type Harness, type TestUser } from './harness';

describe('API: login, sessions, throttling and users', () => {
  let h: Harness;
  let ops: TestUser;
  let opsToken: string;
  let tenantId: string;

  beforeAll(async () => {
    h = await createHarness();
    ops = await h.createUser('ops');
    opsToken = await h.login(ops, '192.0.2.10');
    tenantId = await h.createTenant();
  });
  afterAll(async () => {
    h.expectNoSecretsLeaked();
    await h.close();
  });

  const loginBody = (u: TestUser, password = u.password) => ({ email: u.email, accountKey: u.accountKey, password });

  describe('POST /auth/login', () => {
    it('returns a session token, its expiry and the user, and sets the HttpOnly session cookie (dashboard and codec)', async () => {
      const user = await h.createUser('tenant', tenantId);
      const res = await h.request('POST', '/auth/login', { json: loginBody(user), ip: '192.0.2.11' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expiresAt: expect.any(String),
        user: { id: user.id, email: user.email, role: 'tenant', tenantId },
      });
      expect(new Date(res.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(11.9 * 3_600_000);
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toContain(`doorzet_session=${res.body.token}`);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toContain('Path=/;'); // the dashboard pages and the codec endpoint read it; the JSON API wants the Bearer token
      expect(res.text).not.toContain(user.accountKey);
    });

    it('says only "invalid credentials", whichever part was wrong', async () => {
      const user = await h.createUser('tenant', tenantId);
      const wrongPassword = await h.request('POST', '/auth/login', { json: loginBody(user, 'Wrong-Password-1'), ip: '192.0.2.12' });
      const unknownEmail = await h.request('POST', '/auth/login', { json: { ...loginBody(user), email: 'nobody@example.test' }, ip: '192.0.2.12' });
      const wrongKey = await h.request('POST', '/auth/login', { json: { ...loginBody(user), accountKey: 'A'.repeat(32) }, ip: '192.0.2.12' });
      for (const res of [wrongPassword, unknownEmail, wrongKey]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: 'invalid credentials' } });
      }
    });

    it('names the invalid fields', async () => {
      const res = await h.request('POST', '/auth/login', { json: { email: 'not-an-email', accountKey: 'short' } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['accountKey', 'email', 'password']);
    });

    it('locks an account after 5 failures, from any address, with 429 and Retry-After', async () => {
      const user = await h.createUser('tenant', tenantId);
      for (let i = 0; i < 5; i++) {
        const res = await h.request('POST', '/auth/login', { json: loginBody(user, 'Wrong-Password-1'), ip: `10.${i}.0.1` });
        expect(res.status).toBe(401);
      }
      const locked = await h.request('POST', '/auth/login', { json: loginBody(user), ip: '10.99.0.1' });
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
      expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(900);

      h.advanceClock(16 * 60_000);
      const after = await h.request('POST', '/auth/login', { json: loginBody(user), ip: '10.99.0.1' });
      expect(after.status).toBe(200);
    });

    it('locks a network (/24) after 20 failures for credentials that match no account; a correct login from there still works', async () => {
      const user = await h.createUser('tenant', tenantId);
      for (let i = 1; i <= 20; i++) {
        const res = await h.request('POST', '/auth/login', {
          json: { email: `guess${i}@example.test`, accountKey: 'B'.repeat(32), password: 'Guess-Password-1' }, ip: `203.0.113.${i}`,
        });
        expect(res.status).toBe(401);
      }
      const stranger = await h.request('POST', '/auth/login', { json: { email: 'guess21@example.test', accountKey: 'B'.repeat(32), password: 'Guess-Password-1' }, ip: '203.0.113.200' });
      expect(stranger.status).toBe(429);
      expect(Number(stranger.headers.get('retry-after'))).toBeGreaterThan(0);
      // The real user's e-mail, account key and password match: the network's lock does not apply to them.
      const sameNetwork = await h.request('POST', '/auth/login', { json: loginBody(user), ip: '203.0.113.200' });
      expect(sameNetwork.status).toBe(200);
      const otherNetwork = await h.request('POST', '/auth/login', { json: loginBody(user), ip: '203.0.114.1' });
      expect(otherNetwork.status).toBe(200);
    });

    it('keeps no e-mail address and no full IP address in the throttle table', async () => {
      const keys = (await h.db.select().from(loginThrottle)).map((r) => r.key);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((k) => k.includes('@') || k.includes('203.0.113.1,') || /\.\d+\.\d+\.[1-9]\d*$/.test(k))).toEqual([]);
      expect(keys).toContain('ip:203.0.113.0');
    });
  });

  describe('sessions', () => {
    it('rejects requests without a session, with a malformed header, or with an unknown token (401)', async () => {
      const variants: Record<string, string>[] = [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer not-a-session' }];
      for (const headers of variants) {
        const res = await h.request('GET', `/tenants/${tenantId}`, { headers });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
      }
    });

    it('expire after the configured hours', async () => {
      const user = await h.createUser('tenant', tenantId);
      const token = await h.login(user, '192.0.2.13');
      expect((await h.request('GET', `/tenants/${tenantId}`, { token })).status).toBe(200);
      h.advanceClock(13 * 3_600_000);
      expect((await h.request('GET', `/tenants/${tenantId}`, { token })).status).toBe(401);
      // Keep the rest of the file on a clock where the ops session is alive.
      opsToken = await h.login(ops, '192.0.2.10');
    });

    it('POST /auth/logout ends the session (204); without one it is 401', async () => {
      const user = await h.createUser('tenant', tenantId);
      const token = await h.login(user, '192.0.2.14');
      const res = await h.request('POST', '/auth/logout', { token });
      expect(res.status).toBe(204);
      expect((await h.request('GET', `/tenants/${tenantId}`, { token })).status).toBe(401);
      expect((await h.request('POST', '/auth/logout')).status).toBe(401);
    });
  });

  describe('POST /users', () => {
    it('lets ops create a tenant user, whose account key is returned once and works for login', async () => {
      const email = `new-${Date.now()}@example.test`;
      const res = await h.request('POST', '/users', { token: opsToken, json: { email, password: VALID_PASSWORD, role: 'tenant', tenantId } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), email, role: 'tenant', tenantId, accountKey: expect.stringMatching(/^[A-Za-z0-9]{32}$/) });
      expect(res.text).not.toContain(VALID_PASSWORD);
      const login = await h.request('POST', '/auth/login', { json: { email, accountKey: res.body.accountKey, password: VALID_PASSWORD }, ip: '192.0.2.15' });
      expect(login.status).toBe(200);
      expect(login.text).not.toContain(res.body.accountKey);
    });

    it('names every failed password rule', async () => {
      const cases: [string, string[]][] = [
        ['', ['min-length', 'upper-case', 'lower-case', 'digit', 'special-character']],
        ['short', ['min-length', 'upper-case', 'digit', 'special-character']],
        ['alllowercase1!', ['upper-case']],
        ['ALLUPPERCASE1!', ['lower-case']],
        ['NoDigitsHere!', ['digit']],
        ['NoSpecial123', ['special-character']],
        ['Sh0rt!', ['min-length']],
      ];
      for (const [password, rules] of cases) {
        const res = await h.request('POST', '/users', { token: opsToken, json: { email: `p-${rules.join('')}@example.test`, password, tenantId } });
        expect(res.status, password).toBe(400);
        expect(res.body.error.fields.map((f: { rule: string }) => f.rule)).toEqual(rules);
        expect(res.body.error.fields.every((f: { path: string; message: string }) => f.path === 'password' && f.message.length > 10)).toBe(true);
      }
    });

    it('names invalid fields (400)', async () => {
      const res = await h.request('POST', '/users', { token: opsToken, json: { email: 'nope', password: 1, role: 'admin' } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['email', 'password', 'role']);
      const missingTenant = await h.request('POST', '/users', { token: opsToken, json: { email: 'x@example.test', password: VALID_PASSWORD, role: 'tenant' } });
      expect(missingTenant.status).toBe(400);
      expect(missingTenant.body.error.fields).toEqual([{ path: 'tenantId', message: 'Required for a tenant user.' }]);
    });

    it('needs a session (401)', async () => {
      expect((await h.request('POST', '/users', { json: { email: 'a@example.test', password: VALID_PASSWORD } })).status).toBe(401);
    });

    it("lets tenant users create users of their own tenant only; another tenant's is a plain 404", async () => {
      const otherTenant = await h.createTenant();
      const user = await h.createUser('tenant', tenantId);
      const token = await h.login(user, '192.0.2.16');
      const own = await h.request('POST', '/users', { token, json: { email: `colleague-${Date.now()}@example.test`, password: VALID_PASSWORD } });
      expect(own.status).toBe(201);
      expect(own.body.tenantId).toBe(tenantId);

      const other = await h.request('POST', '/users', { token, json: { email: 'intruder@example.test', password: VALID_PASSWORD, tenantId: otherTenant } });
      const missing = await h.request('POST', '/users', { token: opsToken, json: { email: 'ghost@example.test', password: VALID_PASSWORD, tenantId: '00000000-0000-4000-8000-000000000000' } });
      expect(other.status).toBe(404);
      expect(other.body).toEqual(NOT_FOUND_BODY);
      expect(missing.body).toEqual(NOT_FOUND_BODY);

      const asOps = await h.request('POST', '/users', { token, json: { email: 'ops2@example.test', password: VALID_PASSWORD, role: 'ops' } });
      expect(asOps.status).toBe(403);
    });

    it('refuses an e-mail address in use (409)', async () => {
      const res = await h.request('POST', '/users', { token: opsToken, json: { email: ops.email.toUpperCase(), password: VALID_PASSWORD, role: 'ops' } });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('EMAIL_IN_USE');
    });
  });

  describe('ensureOpsUser (bootstrap)', () => {
    it('creates the ops user once and returns the same account key after', async () => {
      const first = await ensureOpsUser(h.db, { email: 'boot@example.test', password: VALID_PASSWORD, passwordHashParams: FAST_HASH });
      const second = await ensureOpsUser(h.db, { email: 'boot@example.test', password: 'Other-Password-2' });
      expect(first.created).toBe(true);
      expect(second).toEqual({ id: first.id, accountKey: first.accountKey, created: false });
      const res = await h.request('POST', '/auth/login', { json: { email: 'boot@example.test', accountKey: first.accountKey, password: VALID_PASSWORD }, ip: '192.0.2.17' });
      expect(res.body.user.role).toBe('ops');
      await expect(ensureOpsUser(h.db, { email: 'weak@example.test', password: 'weak' })).rejects.toThrow(/min-length/);
    });
  });
});
