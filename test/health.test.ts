import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../api/app';
import { createPayloadCodec } from '../crypto/payload-codec';
import { createVault } from '../crypto/vault';
import { createPgVaultStore } from '../db/queries/vault-store';
import { startTemporalDevServer, type RunningTemporal } from '../dev/temporal-dev-server';
import { freePort } from './global-setup';
import { createTestDatabase, type TestDatabase } from './support/database';
import { testCodecKey, testMasterKey } from './support/worker';

describe('GET /health against a Temporal server that goes away', () => {
  let database: TestDatabase;
  let temporal: RunningTemporal | undefined;
  let connection: Connection | undefined;

  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await temporal?.stop();
    await database?.drop();
  });

  it('answers 200 while Postgres and Temporal run, and 503 naming Temporal once it is stopped', async () => {
    database = await createTestDatabase();
    temporal = await startTemporalDevServer({ cliPath: inject('temporalCliPath'), port: await freePort(), uiPort: null, namespace: 'default', dbFile: null });
    // No gRPC retries: once the server is stopped a retrying call would outlive the test and fail on the closed channel.
    connection = await Connection.connect({ address: temporal.address, interceptors: [] });
    const config = { uiOrigins: [], temporalUiUrl: 'http://localhost:8233', namespace: 'default', taskQueue: 'health', sessionTtlHours: 1, publicUrl: 'http://127.0.0.1:3000' };
    const app = createApp({
      config, db: database.db, temporal: new Client({ connection }), codec: createPayloadCodec({ masterKey: testCodecKey }),
      vault: createVault({ store: createPgVaultStore(database.db), masterKeys: { current: testMasterKey } }), timeouts: { healthMs: 1_500 },
    });

    const up = await app.request('/health');
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ok', postgres: 'up', temporal: 'up' });

    await temporal.stop();
    const down = await app.request('/health');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'degraded', postgres: 'up', temporal: 'down' });
  });
});
