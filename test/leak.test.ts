import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { createApp } from '../api/app';
import { startWooSimulator, type WooSimulator } from '../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { createLoadedDataConverter } from '../crypto/data-converter';
import { createPayloadCodec } from '../crypto/payload-codec';
import { hashToken, newSessionToken } from '../crypto/tokens';
import { createVault, type Vault } from '../crypto/vault';
import { createPgVaultStore } from '../db/queries/vault-store';
import { saleErrors, sessions, syncedSales, users } from '../db/schema';
import { tenantSyncWorkflowId } from '../domain/workflow-ids';
import { syncStatusQuery } from '../workflows/definitions';
import { connectorFactory, rateLimitOf } from '../connectors/registry';
import { createDoorzetWorker } from '../worker/create-worker';
import { createRetentionHooks } from '../worker/retention-client';
import { insertTenant } from './retention/fixtures';
import { createTestDatabase, type TestDatabase } from './support/database';
import { dumpTables, dumpWithBytes, findPlanted } from './support/leak-scan';
import { eventually } from './support/tenant';
import { testCodecKey, testMasterKey, workflowBundle } from './support/worker';

// Unique per run, so nothing but this test can have put them anywhere.
const canary = randomBytes(4).toString('hex');
const PLANTED = {
  debtorEmail: `leak.canary.${canary}@example.org`,
  invalidEmail: `leak.canary.${canary}-at-example.org`,
  apiKey: `mbtoken${canary}LeakCanary0123456789abcdefXYZ`,
};

/**
 * DESIGN.md (Security), issue 4.5: a sale with a planted debtor e-mail and a target connection with a
 * planted API key run through the API, the worker and the real sale workflow; afterwards neither value
 * may be readable in plaintext in Temporal (histories without the codec, ids, search attributes, memo),
 * in the platform log, in any other table that is not meant to hold it, or in the worker's and API's logs.
 */
describe('leak test: no planted personal data or secret in plaintext outside its place', () => {
  const workerLog: string[] = [];
  const apiLog: string[] = [];
  const consoleLog: string[] = [];
  const taskQueue = `leak-${canary}`;
  let database: TestDatabase;
  let vault: Vault;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  let worker: Worker;
  let running: Promise<void>;
  let nativeConnection: NativeConnection;
  let connection: Connection;
  let codecClient: Client;
  let server: ServerType;
  let apiUrl: string;
  let tenantId: string;
  let token: string;
  let valid: { id: number; number: string };
  let invalid: { id: number; number: string };

  beforeAll(async () => {
    // Everything the SDK and sdk-core log (workflow, activity, worker, core) at DEBUG, into memory.
    Runtime.install({
      logger: new DefaultLogger('DEBUG', (entry) => workerLog.push(dumpWithBytes(entry))),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'DEBUG', other: 'DEBUG' }), forward: {} } },
    });
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => { consoleLog.push(dumpWithBytes(args)); });
    }

    database = await createTestDatabase();
    vault = createVault({ store: createPgVaultStore(database.db), masterKeys: { current: testMasterKey } });
    woo = await startWooSimulator({ seed: 45 });
    moneybird = await startMoneybirdSimulator({ seed: 45, token: PLANTED.apiKey });

    const address = inject('temporalAddress');
    nativeConnection = await NativeConnection.connect({ address });
    worker = await createDoorzetWorker({
      connection: nativeConnection, namespace: 'default', taskQueue, codecKey: testCodecKey, workflowBundle: await workflowBundle(),
      db: database.db, vault, connectorFactory, rateLimitOf,
    });
    running = worker.run();
    connection = await Connection.connect({ address });
    codecClient = new Client({ connection, namespace: 'default', dataConverter: createLoadedDataConverter(testCodecKey) });

    // The API as `npm start` runs it, its pino output into memory at the most verbose level.
    const logger = pino({ level: 'trace' }, { write: (line: string) => { apiLog.push(line); } });
    // The app needs its public URL (webhook URLs), which is known once the server listens.
    const holder: { app?: ReturnType<typeof createApp> } = {};
    server = serve({ fetch: (request, env) => holder.app!.fetch(request, env), hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    holder.app = createApp({
      db: database.db, temporal: codecClient, codec: createPayloadCodec({ masterKey: testCodecKey }), vault, logger,
      retention: createRetentionHooks(codecClient, { taskQueue }),
      config: {
        uiOrigins: ['http://localhost:8233'], temporalUiUrl: 'http://localhost:8233', namespace: 'default', taskQueue,
        sessionTtlHours: 1, publicUrl: apiUrl, syncPollIntervalSeconds: 1, saleConcurrency: 5,
      },
    });

    tenantId = await insertTenant(database.db, { name: 'Lekvrije Winkel' });
    const [ops] = await database.db.insert(users).values({
      email: `ops.${canary}@doorzet.test`, accountKey: 'A'.repeat(32), passwordHash: 'not-used-sessions-are-inserted', role: 'ops',
    }).returning();
    token = await newSessionToken();
    await database.db.insert(sessions).values({ tokenHash: await hashToken(token), userId: ops!.id, expiresAt: new Date(Date.now() + 3_600_000) });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    for (const id of [tenantSyncWorkflowId(tenantId), `credential-retention:${tenantId}`]) {
      await codecClient?.workflow.getHandle(id).terminate('leak test done').catch(() => undefined);
    }
    worker?.shutdown();
    await running;
    await connection?.close();
    await nativeConnection?.close();
    await new Promise((resolve) => server?.close(resolve));
    await woo?.stop();
    await moneybird?.stop();
    await database?.drop();
  });

  const api = (method: string, path: string, body?: unknown) => fetch(`${apiUrl}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-access-reason': 'leak test' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  it('runs a valid and an invalid sale through the API webhook, the worker and the sale workflow', async () => {
    const webhookSecret = `whsec-${canary}-0123456789`;
    const source = await api('PUT', `/tenants/${tenantId}/connections/source`, {
      vendor: 'woocommerce', baseUrl: woo.url, credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, webhookSecret },
    });
    expect(source.status).toBe(200);
    const target = await api('PUT', `/tenants/${tenantId}/connections/target`, {
      vendor: 'moneybird', baseUrl: moneybird.url, credentials: { apiToken: PLANTED.apiKey, administrationId: moneybird.administrationId },
    });
    expect(target.status).toBe(200);
    const contract = await api('PUT', `/tenants/${tenantId}/contract`, { startsOn: '2025-01-01', endsOn: '2030-12-31' });
    expect(contract.status).toBe(200);

    // The orders get their final e-mail before any webhook fires, so no sale sees a generated address.
    const a = woo.createOrder();
    woo.updateOrder(a.id, { billing: { ...a.billing, email: PLANTED.debtorEmail } });
    const b = woo.createOrder();
    woo.updateOrder(b.id, { billing: { ...b.billing, email: PLANTED.invalidEmail } });
    valid = { id: a.id, number: a.number };
    invalid = { id: b.id, number: b.number };
    const { webhookUrl } = (await source.json()) as { webhookUrl: string };
    woo.setWebhook(webhookUrl, webhookSecret);
    woo.updateOrder(a.id, {});
    woo.updateOrder(b.id, {});
    await woo.webhooks.flush();

    await eventually(async () => {
      const [posted] = await database.db.select().from(syncedSales)
        .where(and(eq(syncedSales.tenantId, tenantId), eq(syncedSales.externalId, String(valid.id)), eq(syncedSales.state, 'posted')));
      const [failed] = await database.db.select().from(saleErrors)
        .where(and(eq(saleErrors.tenantId, tenantId), eq(saleErrors.externalId, String(invalid.id))));
      return posted !== undefined && failed !== undefined;
    }, { what: 'one posted sale and one error record' });
    expect(moneybird.invoicesByReference(valid.number)).toHaveLength(1);
    const sync = codecClient.workflow.getHandle(tenantSyncWorkflowId(tenantId));
    await eventually(async () => (await sync.query(syncStatusQuery)).inFlight === 0, { what: 'the sync to finish its sales' });

    // The merchant reads the error through the API (the e-mail is in that answer, by design, until redaction).
    const errors = await api('GET', `/tenants/${tenantId}/errors`);
    expect(errors.status).toBe(200);
  });

  it('leaves no plaintext in raw Temporal histories, workflow ids, search attributes or memos', async () => {
    const raw = new Client({ connection, namespace: 'default' }); // no codec: what an operator without the key sees
    const executions: temporal.api.workflow.v1.IWorkflowExecutionInfo[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await raw.workflowService.listWorkflowExecutions({ namespace: 'default', query: `TaskQueue = '${taskQueue}'`, nextPageToken });
      executions.push(...page.executions);
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    const types = new Set(executions.map((e) => e.type?.name));
    expect(types).toEqual(new Set(['tenantSyncWorkflow', 'saleWorkflow', 'errorRedactionDayWorkflow', 'credentialRetentionWorkflow']));
    expect(findPlanted(dumpWithBytes(executions), PLANTED)).toEqual([]);

    const codec = createPayloadCodec({ masterKey: testCodecKey });
    const decodedFound = new Set<string>();
    for (const execution of executions) {
      const { workflowId, runId } = execution.execution!;
      const history = await raw.workflow.getHandle(workflowId!, runId!).fetchHistory();
      const rawBytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
      const where = `history of ${workflowId}`;
      expect(findPlanted(dumpWithBytes(history), PLANTED), where).toEqual([]);
      expect(findPlanted(rawBytes.toString('latin1'), PLANTED), where).toEqual([]);
      expect(findPlanted(JSON.stringify(history), PLANTED), where).toEqual([]);
      // Control: the codec opens what was there, so the values really passed through this history.
      for (const payload of payloadsIn(history)) {
        const [decoded] = await codec.decode([payload]);
        for (const name of findPlanted(Buffer.from(decoded?.data ?? []).toString('utf8'), PLANTED)) decodedFound.add(name);
      }
    }
    expect([...decodedFound].sort()).toEqual(['debtorEmail', 'invalidEmail']);
  });

  it('would see a plaintext value in a history (control of the scan itself)', async () => {
    const raw = new Client({ connection, namespace: 'default' });
    const control = { control: `control.${canary}@example.org` };
    const handle = await raw.workflow.start('noSuchWorkflow', { workflowId: `leak-control-${canary}`, taskQueue: `${taskQueue}-control`, args: [control] });
    try {
      const history = await handle.fetchHistory();
      expect(findPlanted(dumpWithBytes(history), control)).toEqual(['control']);
      expect(findPlanted(Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('latin1'), control)).toEqual(['control']);
    } finally {
      await handle.terminate('control done');
    }
  });

  it('leaves no plaintext in the platform log, nor in any table not meant to hold it', async () => {
    const tables = await dumpTables(database.db);
    expect(findPlanted(tables.get('platform_log') ?? '', PLANTED)).toEqual([]);
    expect((tables.get('platform_log') ?? '').length).toBeGreaterThan(10); // the log did record the actions
    // Where the retention table puts them: the debtor's e-mail in debtors, the invalid one in the error record's PII.
    expect(findPlanted(tables.get('debtors') ?? '', PLANTED)).toEqual(['debtorEmail']);
    expect(findPlanted(tables.get('sale_errors') ?? '', PLANTED)).toEqual(['invalidEmail']);
    for (const [table, rows] of tables) {
      if (table === 'debtors' || table === 'sale_errors') continue;
      expect(findPlanted(rows, PLANTED), `table ${table}`).toEqual([]);
    }
  });

  it("leaves no plaintext in the worker's or the API's log output", () => {
    expect(workerLog.length).toBeGreaterThan(0);
    expect(apiLog.some((line) => line.includes('/webhooks/'))).toBe(true);
    expect(findPlanted(workerLog.join('\n'), PLANTED)).toEqual([]);
    expect(findPlanted(apiLog.join('\n'), PLANTED)).toEqual([]);
    expect(findPlanted(consoleLog.join('\n'), PLANTED)).toEqual([]);
  });
});

/** Every payload of a history: inputs, results, signals, markers, memo, failures' details. */
function payloadsIn(history: temporal.api.history.v1.IHistory): temporal.api.common.v1.IPayload[] {
  const found: temporal.api.common.v1.IPayload[] = [];
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object' || value instanceof Uint8Array) return;
    const record = value as Record<string, unknown>;
    if (record.metadata && typeof record.metadata === 'object' && record.data instanceof Uint8Array) {
      found.push(record);
      return;
    }
    for (const child of Object.values(record)) walk(child);
  };
  walk(history);
  return found;
}
