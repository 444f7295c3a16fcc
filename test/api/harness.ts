import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { expect } from 'vitest';
import { createApp } from '../../api/app';
import type { ApiConfig, ApiDeps } from '../../api/deps';
import { hashPassword } from '../../crypto/password';
import { newAccountKey } from '../../crypto/tokens';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../db/client';
import { insertTenant } from '../../db/queries/tenants';
import { insertUser } from '../../db/queries/users';
import { credentialRetentionWorkflowId } from '../../domain/workflow-ids';
import { apiDepsOf, composeProcess } from '../../worker/composition';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { capturingLogger, testConfig } from '../support/worker';

/** libsodium's minimum argon2id cost: tests hash dozens of passwords. */
export const FAST_HASH = { opsLimit: 1, memLimit: 8192 };

/** Recognisable fake secrets: no response body and no log line may ever contain one. */
export const PLANTED = {
  consumerKey: 'ck_PLANTEDconsumerKey7f3a9',
  consumerSecret: 'cs_PLANTEDconsumerSecret5e1c2',
  webhookSecret: 'whsec-PLANTED-webhook-8d4b6',
  apiToken: 'PLANTEDmoneybirdApiToken0000c9e7',
};

export const wooCredentials = () => ({ consumerKey: PLANTED.consumerKey, consumerSecret: PLANTED.consumerSecret, webhookSecret: PLANTED.webhookSecret });
export const moneybirdCredentials = () => ({ apiToken: PLANTED.apiToken, administrationId: '123456789' });

export const VALID_PASSWORD = 'Correct-Horse-7';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accountKey: string;
  role: 'tenant' | 'ops';
  tenantId: string | null;
}

export interface Res {
  status: number;
  // Tests read the JSON bodies freely; each assertion checks what it reads.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  ip?: string;
}

export interface Harness {
  db: Db;
  database: TestDatabase;
  temporal: Client;
  vault: Vault;
  config: ApiConfig;
  taskQueue: string;
  logs: string[];
  bodies: string[];
  app: ReturnType<typeof createApp>;
  /** Moves the API's clock (sessions, throttle windows). */
  advanceClock(ms: number): void;
  request(method: string, path: string, options?: RequestOptions): Promise<Res>;
  createTenant(name?: string): Promise<string>;
  createUser(role: 'tenant' | 'ops', tenantId?: string | null): Promise<TestUser>;
  login(user: TestUser, ip?: string): Promise<string>;
  /** Every body and log line so far is free of the planted secrets. */
  expectNoSecretsLeaked(): void;
  close(): Promise<void>;
}

export async function createHarness(options: { deps?: Partial<ApiDeps>; taskQueue?: string; config?: Partial<ApiConfig> } = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const db = database.db;
  const logs: string[] = [];
  const bodies: string[] = [];
  const tenantIds: string[] = [];
  let offsetMs = 0;
  const taskQueue = options.taskQueue ?? `api-test-${randomBytes(4).toString('hex')}`;
  // The API's parts come from the composition root, real retention hooks included.
  const parts = await composeProcess(testConfig({ databaseUrl: database.url, taskQueue }), { logger: capturingLogger(logs) });
  const { temporal, vault } = parts;
  const rootDeps = apiDepsOf(parts);
  const config: ApiConfig = { ...rootDeps.config, publicUrl: 'http://127.0.0.1:3000', syncPollIntervalSeconds: 1, saleConcurrency: 5, ...options.config };
  const app = createApp({
    ...rootDeps,
    config,
    now: () => new Date(Date.now() + offsetMs),
    passwordHashParams: FAST_HASH,
    timeouts: { connectionTestMs: 30_000, temporalQueryMs: 3_000 },
    ...options.deps,
  });

  async function request(method: string, path: string, o: RequestOptions = {}): Promise<Res> {
    const headers = new Headers(o.headers);
    if (o.token) headers.set('authorization', `Bearer ${o.token}`);
    let body: string | Uint8Array | undefined = o.body;
    if (o.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(o.json);
    }
    // The Node adapter's env: the access analytics and the throttle read the socket address from it.
    const res = await app.request(path, { method, headers, body }, { incoming: { socket: { remoteAddress: o.ip ?? '198.51.100.23' } } });
    const text = await res.text();
    bodies.push(text);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  async function createUser(role: 'tenant' | 'ops', tenantId: string | null = null): Promise<TestUser> {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
    const accountKey = await newAccountKey();
    const user = await insertUser(db, { email, accountKey, role, tenantId, passwordHash: await hashPassword(VALID_PASSWORD, FAST_HASH) });
    return { id: user.id, email, password: VALID_PASSWORD, accountKey, role, tenantId };
  }

  return {
    db, database, temporal, vault, config, taskQueue, logs, bodies, app, request, createUser,
    advanceClock: (ms) => void (offsetMs += ms),
    async createTenant(name = `Winkel ${randomUUID().slice(0, 6)}`) {
      const tenant = await insertTenant(db, { name });
      tenantIds.push(tenant.id);
      return tenant.id;
    },
    async login(user, ip) {
      const res = await request('POST', '/auth/login', { json: { email: user.email, accountKey: user.accountKey, password: user.password }, ip });
      expect(res.status).toBe(200);
      return (res.body as { token: string }).token;
    },
    expectNoSecretsLeaked() {
      for (const secret of Object.values(PLANTED)) {
        expect(bodies.filter((b) => b.includes(secret))).toEqual([]);
        expect(logs.filter((l) => l.includes(secret))).toEqual([]);
      }
    },
    async close() {
      // Workflows started without a worker would otherwise wait on the shared dev server.
      for (const tenantId of tenantIds) {
        for await (const run of temporal.workflow.list({ query: `DoorzetTenantId = '${tenantId}' AND ExecutionStatus = 'Running'` })) {
          await temporal.workflow.getHandle(run.workflowId, run.runId).terminate('test done').catch(() => undefined);
        }
        // The real retention hook started this one (it carries no search attribute).
        await temporal.workflow.getHandle(credentialRetentionWorkflowId(tenantId)).terminate('test done').catch(() => undefined);
      }
      await parts.close();
      await database.drop();
    },
  };
}

/** The 404 body, identical for a missing resource and for another tenant's. */
export const NOT_FOUND_BODY = { error: { code: 'NOT_FOUND', message: 'Not found.' } };
