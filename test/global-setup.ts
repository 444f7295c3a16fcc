import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../dev/embedded-postgres';
import { startS3Server } from '../dev/s3-server';
import { resolveTemporalCli, resolveTemporalTestServer } from '../dev/temporal-binaries';
import { startTemporalDevServer } from '../dev/temporal-dev-server';
import { freePort } from '../dev/free-port';

export { freePort };

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    temporalAddress: string;
    temporalCliPath: string;
    temporalTestServerPath: string;
    /** The local S3-compatible server (s3rver): endpoint and its key pair. */
    s3: { endpoint: string; accessKeyId: string; secretAccessKey: string };
  }
}

/** One real Postgres cluster and one real Temporal dev server for the whole integration run. */
export default async function setup(project: TestProject) {
  const cliPath = resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, process.env.PATH);
  const testServerPath = resolveTemporalTestServer(process.env.TEMPORAL_TEST_SERVER_PATH, process.env.PATH);
  const dataDir = await mkdtemp(join(tmpdir(), 'doorzet-test-pg-'));
  await chmod(dataDir, 0o755); // the unprivileged postgres user must reach its data directory
  const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'data'), port: await freePort(), database: 'postgres' });
  const temporal = await startTemporalDevServer({ cliPath, port: await freePort(), uiPort: null, namespace: 'default', dbFile: null });
  const s3 = await startS3Server({ dataDir: join(dataDir, 's3'), accessKeyId: 'doorzet-test', secretAccessKey: 'doorzet-test-secret' });
  project.provide('postgresAdminUrl', pg.urlFor('postgres'));
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalCliPath', cliPath);
  project.provide('temporalTestServerPath', testServerPath);
  project.provide('s3', { endpoint: s3.endpoint, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
  return async () => {
    await s3.stop();
    await temporal.stop();
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
