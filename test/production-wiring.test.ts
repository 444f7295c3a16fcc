import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../crypto/password';
import { newAccountKey } from '../crypto/tokens';
import { insertUser } from '../db/queries/users';
import { credentialRetentionWorkflowId } from '../domain/workflow-ids';
import { freePort } from '../dev/free-port';
import { createTestDatabase, type TestDatabase } from './support/database';
import { eventually } from './support/tenant';
import { testCodecKey, testConfig, testMasterKey } from './support/worker';
import { buildCompiledWorker, compiledWorkerStart } from './support/compiled-worker';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';
import { composeProcess, type ProcessParts } from '../worker/composition';

/**
 * The production entry points (`tsx api/main.ts`, and the worker compiled by `npm run build` and started with
 * production's node flags and environment, worker/compiled.ts) as separate processes against the test Postgres
 * and Temporal: a contract ended through the HTTP API schedules the credential deletion.
 */
describe('production wiring: api/main.ts and the compiled worker/main.ts as processes', () => {
  let database: TestDatabase;
  let api: WorkerProcess;
  let worker: WorkerProcess;
  let apiUrl: string;
  let observer: ProcessParts;
  let compiled: Awaited<ReturnType<typeof buildCompiledWorker>> | undefined;
  const taskQueue = `wiring-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    // A build of its own (not dist/worker), so a bench or another test building meanwhile cannot interfere.
    [database, compiled] = await Promise.all([createTestDatabase(), buildCompiledWorker(`dist/test-${taskQueue}`)]);
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    const common = {
      databaseUrl: database.url, temporalAddress: inject('temporalAddress'), taskQueue,
      masterKey: testMasterKey, codecKey: testCodecKey, logLevel: 'info' as const,
    };
    const start = compiledWorkerStart(compiled.entry);
    worker = startWorkerProcess({ ...common, ...start });
    api = startWorkerProcess({ ...common, script: 'api/main.ts', readyMessage: 'API listening', extraEnv: { API_PORT: String(port), DEMO: 'false' } });
    await Promise.all([worker.ready, api.ready]);
    observer = await composeProcess(testConfig({ databaseUrl: database.url, taskQueue }));
  });

  afterAll(async () => {
    await api?.kill('SIGTERM');
    await worker?.kill('SIGTERM');
    await observer?.close();
    await database?.drop();
    await compiled?.remove();
  });

  async function call(method: string, path: string, token: string | null, json?: unknown) {
    const res = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('ending a contract through the API schedules the credential-retention timer in Temporal', async () => {
    const accountKey = await newAccountKey();
    const password = 'Correct-Horse-7';
    await insertUser(database.db, { email: 'ops@example.test', accountKey, role: 'ops', tenantId: null, passwordHash: await hashPassword(password, { opsLimit: 1, memLimit: 8192 }) });
    const login = await call('POST', '/auth/login', null, { email: 'ops@example.test', accountKey, password });
    expect(login.status).toBe(200);
    const token = login.body.token as string;

    const created = await call('POST', '/tenants', token, { name: 'Winkel Bedraad B.V.' });
    expect(created.status).toBe(201);
    const tenantId = created.body.id as string;
    const endsOn = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const contract = await call('PUT', `/tenants/${tenantId}/contract`, token, { startsOn: '2025-01-01', endsOn });
    expect(contract.status).toBe(200);

    // The API started the timer on the configured task queue ...
    const handle = observer.temporal.workflow.getHandle(credentialRetentionWorkflowId(tenantId));
    const described = await handle.describe();
    expect(described.type).toBe('credentialRetentionWorkflow');
    expect(described.taskQueue).toBe(taskQueue);
    expect(described.status.name).toBe('RUNNING');
    // ... and the worker process runs it: the deletion is registered and listed by the API.
    await eventually(async () => {
      const deletions = await call('GET', `/tenants/${tenantId}/deletions`, token);
      const pending = deletions.body.deletions as { rule: string; workflowId: string; dueAt: string }[];
      return pending.some((d) => d.rule === 'credentialDeletion' && d.workflowId === credentialRetentionWorkflowId(tenantId));
    }, { what: 'the credential deletion in GET /tenants/:id/deletions' });
    const deletions = await call('GET', `/tenants/${tenantId}/deletions`, token);
    const due = (deletions.body.deletions as { rule: string; dueAt: string }[]).find((d) => d.rule === 'credentialDeletion')!;
    // Two months after the day the contract ends (domain/retention-policy).
    expect(new Date(due.dueAt).getTime()).toBeGreaterThan(Date.parse(endsOn) + 55 * 86_400_000);
    await handle.terminate('test done');
  });
});
