/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app';
import { startApi } from '../../api/server';
import { apiDepsOf, composeProcess } from '../../worker/composition';
import { loadConfig } from '../../config';
import { payloadsToJson } from '../../crypto/codec-http';
import { createPayloadCodec } from '../../crypto/payload-codec';
import { createVault } from '../../crypto/vault';
import { createDb } from '../../db/client';
import { createPgVaultStore } from '../../db/queries/vault-store';
import { accessAnalytics, accessRegister } from '../../db/schema';
import { freePort } from '../global-setup';
import { testCodecKey, testMasterKey } from '../support/worker';
import { createHarness, type Harness, type TestUser } from './harness';

describe('API: health, OpenAPI, access analytics and the codec endpoint', () => {
  let h: Harness;
  let ops: TestUser;
  let opsToken: string;
  let opsCookie: string;
  let tenantId: string;
  let token: string;

  beforeAll(async () => {
    h = await createHarness();
    ops = await h.createUser('ops');
    const login = await h.request('POST', '/auth/login', { json: { email: ops.email, accountKey: ops.accountKey, password: ops.password } });
    opsToken = login.body.token;
    opsCookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    tenantId = await h.createTenant();
    token = await h.login(await h.createUser('tenant', tenantId));
  });
  afterAll(async () => {
    h.expectNoSecretsLeaked();
    await h.close();
  });

  describe('GET /health', () => {
    it('is 200 when Postgres and Temporal answer', async () => {
      const res = await h.request('GET', '/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', postgres: 'up', temporal: 'up' });
    });

    it('is 503 naming the part that is down; other failures are JSON without stacks', async () => {
      const deadDb = createDb('postgres://nobody:nothing@127.0.0.1:1/none', { max: 1 });
      const deadTemporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
      const codec = createPayloadCodec({ masterKey: testCodecKey });
      const vault = createVault({ store: createPgVaultStore(deadDb.db), masterKeys: { current: testMasterKey } });
      const logs: string[] = [];
      const app = createApp({ config: h.config, db: deadDb.db, temporal: h.temporal, codec, vault, logger: pino({}, { write: (l: string) => void logs.push(l) }), timeouts: { healthMs: 1_000 } });
      const res = await app.request('/health');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'degraded', postgres: 'down', temporal: 'up' });

      const noTemporal = createApp({ config: h.config, db: h.db, temporal: deadTemporal, codec, vault, timeouts: { healthMs: 1_000 } });
      const res2 = await noTemporal.request('/health');
      expect(res2.status).toBe(503);
      expect(await res2.json()).toEqual({ status: 'degraded', postgres: 'up', temporal: 'down' });

      const login = await app.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@b.nl', accountKey: 'A'.repeat(32), password: 'x' }) });
      expect(login.status).toBe(500);
      const text = await login.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'Internal error.' } });
      expect(text).not.toMatch(/at .*\.ts/);
      expect(logs.some((l) => l.includes('unhandled error'))).toBe(true);
      await deadDb.close();
    });
  });

  describe('startApi', () => {
    it('serves the API over HTTP from configuration alone, and stops', async () => {
      const key = Buffer.alloc(32, 3).toString('base64');
      const config = loadConfig({
        DOORZET_MASTER_KEY: key, DOORZET_CODEC_KEY: key, DATABASE_URL: h.database.url, TEMPORAL_ADDRESS: inject('temporalAddress'),
        API_PORT: String(await freePort()), LOG_LEVEL: 'silent',
      });
      const parts = await composeProcess({ ...config, DATABASE_URL: h.database.url, TEMPORAL_ADDRESS: inject('temporalAddress') });
      const api = await startApi(config, apiDepsOf(parts));
      try {
        const res = await fetch(`${api.url}/health`, { headers: { dnt: '1' } });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: 'ok', postgres: 'up', temporal: 'up' });
      } finally {
        await api.stop();
        await parts.close();
      }
      await expect(fetch(`${api.url}/health`)).rejects.toThrow();
    });
  });

  describe('GET /openapi.json and unknown routes', () => {
    it('describes every route from the zod schemas', async () => {
      const res = await h.request('GET', '/openapi.json');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths).sort()).toEqual([
        '/auth/login', '/auth/logout', '/backups', '/breaches', '/codec/decode', '/codec/encode', '/codec/reason/{reason}/decode', '/codec/reason/{reason}/encode', '/health', '/me', '/tenants', '/tenants/{tenantId}',
        '/tenants/{tenantId}/access-register', '/tenants/{tenantId}/alerts', '/tenants/{tenantId}/backfill', '/tenants/{tenantId}/backfill/cancel', '/tenants/{tenantId}/backfill/pause',
        '/tenants/{tenantId}/backfill/resume', '/tenants/{tenantId}/breaches', '/tenants/{tenantId}/completeness', '/tenants/{tenantId}/connections', '/tenants/{tenantId}/connections/{role}',
        '/tenants/{tenantId}/connections/{role}/test', '/tenants/{tenantId}/contract', '/tenants/{tenantId}/contract/renew',
        '/tenants/{tenantId}/debtors', '/tenants/{tenantId}/debtors/export', '/tenants/{tenantId}/debug-copies', '/tenants/{tenantId}/debug-copies/{copyId}',
        '/tenants/{tenantId}/deletions',
        '/tenants/{tenantId}/errors', '/tenants/{tenantId}/errors/retry', '/tenants/{tenantId}/errors/{errorId}/retry',
        '/tenants/{tenantId}/preview', '/tenants/{tenantId}/runs', '/tenants/{tenantId}/sales/{orderNumber}', '/tenants/{tenantId}/settings', '/tenants/{tenantId}/sync',
        '/tenants/{tenantId}/sync/pause', '/tenants/{tenantId}/sync/resume', '/tenants/{tenantId}/sync/start',
        '/tenants/{tenantId}/sync/sync-now', '/users', '/webhooks/{vendor}/{connectionId}',
      ]);
      expect(res.body.components.securitySchemes.Bearer).toEqual({ type: 'http', scheme: 'bearer', description: expect.any(String) });
      expect(res.body.paths['/tenants/{tenantId}/connections/{role}'].put.requestBody.required).toBe(true);
    });

    it('answers unknown routes and malformed JSON with JSON errors', async () => {
      const unknown = await h.request('GET', '/nope');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
      const malformed = await h.request('POST', '/auth/login', { body: '{"email":', headers: { 'content-type': 'application/json' } });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('BAD_REQUEST');
    });
  });

  describe('access analytics', () => {
    const rows = () => h.db.select().from(accessAnalytics);

    it('records each request with the IP cut to 3 bytes and the route pattern, not the path', async () => {
      await h.db.delete(accessAnalytics);
      await h.request('GET', '/health', { ip: '203.0.113.77' });
      await h.request('GET', `/tenants/${tenantId}`, { token, ip: '::ffff:198.51.100.9' });
      await h.request('GET', '/does/not/exist', { ip: '2001:db8:85a3:8d3::1' });
      const recorded = (await rows()).map((r) => [r.ipPrefix, r.method, r.route, r.status]);
      expect(recorded).toEqual([
        ['203.0.113.0', 'GET', '/health', 200],
        ['198.51.100.0', 'GET', '/tenants/:tenantId', 200],
        ['2001:db8:85a3::', 'GET', '(unmatched)', 404],
      ]);
      expect(JSON.stringify(await rows())).not.toContain(tenantId);
    });

    it('honours DNT: 1 and Sec-GPC: 1', async () => {
      await h.db.delete(accessAnalytics);
      await h.request('GET', '/health', { headers: { dnt: '1' } });
      await h.request('GET', '/health', { headers: { 'sec-gpc': '1' } });
      expect(await rows()).toEqual([]);
      await h.request('GET', '/health', { headers: { dnt: '0' } });
      expect(await rows()).toHaveLength(1);
    });
  });

  describe('POST /codec/decode and /codec/encode', () => {
    const codec = createPayloadCodec({ masterKey: testCodecKey });
    const plain = (value: unknown) => defaultPayloadConverter.toPayload(value);
    let encodedBody: ReturnType<typeof payloadsToJson>;

    beforeAll(async () => {
      encodedBody = payloadsToJson(await codec.encode([plain({ tenantId, externalId: '1' }), plain({ tenantId, note: 'second' })]));
    });

    it('decodes for an ops session (Bearer) and records the access against the tenant', async () => {
      await h.db.delete(accessRegister);
      const res = await h.request('POST', '/codec/decode', { token: opsToken, json: encodedBody, headers: { 'x-namespace': 'default', origin: 'http://localhost:8233' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(payloadsToJson([plain({ tenantId, externalId: '1' }), plain({ tenantId, note: 'second' })]));
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      const register = await h.db.select().from(accessRegister);
      expect(register.map((r) => [r.tenantId, r.actor, r.action, r.reason])).toEqual([[tenantId, `ops:${ops.id}`, 'codec.decode', 'Temporal UI']]);
    });

    it('accepts the HttpOnly session cookie; platform payloads are recorded without a tenant', async () => {
      await h.db.delete(accessRegister);
      const platform = payloadsToJson(await codec.encode([plain({ schedule: 'log-purge' })]));
      const res = await h.request('POST', '/codec/decode', { json: platform, headers: { cookie: opsCookie, origin: 'http://localhost:8233' } });
      expect(res.status).toBe(200);
      const register = await h.db.select().from(accessRegister).where(eq(accessRegister.action, 'codec.decode'));
      expect(register.map((r) => r.tenantId)).toEqual([null]);
    });

    it('encodes for ops', async () => {
      const res = await h.request('POST', '/codec/encode', { token: opsToken, json: payloadsToJson([plain({ tenantId, x: 1 })]) });
      expect(res.status).toBe(200);
      const decoded = await h.request('POST', '/codec/decode', { token: opsToken, json: res.body });
      expect(decoded.body).toEqual(payloadsToJson([plain({ tenantId, x: 1 })]));
    });

    it('requires a session (401) of an ops user (403), records nothing then, and still answers CORS', async () => {
      await h.db.delete(accessRegister);
      const none = await h.request('POST', '/codec/decode', { json: encodedBody, headers: { origin: 'http://localhost:8233' } });
      expect(none.status).toBe(401);
      expect(none.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
      const tenantUser = await h.request('POST', '/codec/decode', { token, json: encodedBody });
      expect(tenantUser.status).toBe(403);
      const tenantCookie = await h.request('POST', '/codec/decode', { json: encodedBody, headers: { cookie: 'doorzet_session=forged' } });
      expect(tenantCookie.status).toBe(401);
      expect(await h.db.select().from(accessRegister)).toEqual([]);
    });

    it('answers the preflight for the UI origins only', async () => {
      const preflight = await h.request('OPTIONS', '/codec/decode', {
        headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
      expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
      const evil = await h.request('OPTIONS', '/codec/decode', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('names invalid bodies (400)', async () => {
      const missing = await h.request('POST', '/codec/decode', { token: opsToken, json: { nope: [] } });
      expect(missing.status).toBe(400);
      expect(missing.body.error.fields[0].path).toBe('payloads');
      const notBase64 = await h.request('POST', '/codec/decode', { token: opsToken, json: { payloads: [{ metadata: { encoding: '***' }, data: '***' }] } });
      expect(notBase64.status).toBe(400);
      const tampered = structuredClone(encodedBody);
      tampered.payloads[0]!.data = Buffer.from('garbage-garbage-garbage-garbage-garbage-garbage').toString('base64');
      // A payload this key cannot open is shown as it is: one foreign payload never breaks the UI's page.
      const undecodable = await h.request('POST', '/codec/decode', { token: opsToken, json: tampered });
      expect(undecodable.status).toBe(200);
      expect(undecodable.body.payloads[0]).toEqual(tampered.payloads[0]);
    });
  });
});
