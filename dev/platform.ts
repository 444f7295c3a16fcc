import { startApi } from '../api/server';
import type { Config } from '../config';
import { runMigrations } from '../db/migrate';
import { ensureOpsUser } from '../db/queries/users';
import { apiDepsOf, composeProcess } from '../worker/composition';
import { prepareTemporal, rewrapIfRotating } from '../worker/from-config';
import { installSdkLogger } from '../worker/sdk-logger';
import { startDemo } from './demo';

export interface RunningPlatform {
  apiUrl: string;
  opsAccountKey: string;
  demoTenantId: string | null;
  /** Every demo tenant with what it simulates. */
  demoTenants: { tenantId: string; label: string }[];
  stop(): Promise<void>;
}

/** Migrations, worker, API and the demo tenant, in one process, against the given services; parts from the one composition root. */
export async function startPlatform(
  config: Config & { DATABASE_URL: string; TEMPORAL_ADDRESS: string },
  options: { ops: { email: string; password: string } },
): Promise<RunningPlatform> {
  await runMigrations(config.DATABASE_URL);
  const parts = await composeProcess(config);
  const { db, vault, logger, temporal: client } = parts;
  installSdkLogger(logger);
  await prepareTemporal(client, config);
  const rewrapped = await rewrapIfRotating(vault, config);
  if (rewrapped > 0) logger.info({ rewrapped }, 'tenant data keys re-wrapped under the current master key');
  const worker = await parts.createWorker();
  const workerRun = worker.run();
  workerRun.catch((error: unknown) => logger.error({ err: error }, 'worker stopped with an error'));

  const api = await startApi(config, apiDepsOf(parts));
  const ops = await ensureOpsUser(db, options.ops);
  const demo = config.DEMO ? await startDemo({ db, vault, client, config, apiUrl: api.url, logger }) : null;

  return {
    apiUrl: api.url,
    opsAccountKey: ops.accountKey,
    demoTenantId: demo?.tenantId ?? null,
    demoTenants: demo?.tenants ?? [],
    async stop() {
      await demo?.stop();
      // The worker first: in-flight activities finish (grace time) before anything they use goes away.
      if (worker.getState() === 'RUNNING') worker.shutdown(); // the SDK's own signal handler may have begun it
      await workerRun.catch(() => undefined);
      await api.stop();
      await parts.close();
    },
  };
}
