import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Logger } from 'pino';
import { inject } from 'vitest';
import type { ActivityDeps } from '../../activities';
import type { ConnectorFactory, RateLimit } from '../../activities/connector-provider';
import type { OAuthApps } from '../../activities/token-keeper-activities';
import { loadConfig } from '../../config';
import { createDataConverter } from '../../crypto/data-converter';
import type { Vault } from '../../crypto/vault';
import { composeProcess, type ProcessParts, type RootConfig } from '../../worker/composition';
import { workflowsPath } from '../../worker/create-worker';
import { createLogger } from '../../worker/logger';
import { installSdkLogger } from '../../worker/sdk-logger';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;
/** Every line the Temporal SDK logged in this test process (activity and workflow failures included). */
export const sdkLogs: string[] = [];

/** Webpack runs once per test file; every worker of the file shares the bundle. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, failureConverterPath: createDataConverter(new Uint8Array(32)).failureConverterPath, logger: new DefaultLogger('WARN') });
  return bundle;
}

/** The test keys. Recorded histories (test/replay/histories) are sealed with this codec key; nothing real is. */
export const testCodecKey = new Uint8Array(32).fill(9);
export const testMasterKey = { id: 'mk-test', key: new Uint8Array(32).fill(5) };

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The configuration a test process gets: the shared test services, the test keys, its own task queue. */
export function testConfig(options: { databaseUrl: string; taskQueue: string; env?: Record<string, string> }): RootConfig {
  const temporalAddress = inject('temporalAddress');
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    DOORZET_MASTER_KEY: b64(testMasterKey.key),
    DOORZET_MASTER_KEY_ID: testMasterKey.id,
    DOORZET_CODEC_KEY: b64(testCodecKey),
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  return { ...config, DATABASE_URL: options.databaseUrl, TEMPORAL_ADDRESS: options.env?.TEMPORAL_ADDRESS ?? temporalAddress };
}

/** Every log line a test process writes, for leak scans. */
export function capturingLogger(lines: string[], level = 'debug'): Logger {
  return createLogger(level, { write: (line: string) => void lines.push(line) });
}

export interface TestWorker {
  client: Client;
  vault: Vault;
  taskQueue: string;
  parts: ProcessParts;
  /** Every line the worker process parts logged. */
  logs: string[];
  stop(): Promise<void>;
}

/** A real worker on the shared dev server, on a task queue of its own, built by the composition root. */
export async function startTestWorker(options: {
  database: { url: string };
  connectorFactory: ConnectorFactory;
  rateLimitOf?: (vendor: string, override: RateLimit | undefined) => RateLimit | readonly RateLimit[];
  taskQueue?: string;
  /** OAuth app registrations (the simulators' client ids) for oauth2 targets, as OAUTH_CLIENTS would configure them. */
  oauth?: OAuthApps;
  /** More configuration, e.g. the backup settings of test/support/backups.ts (without, backups are not configured). */
  env?: Record<string, string>;
  /** Another Temporal server than the shared one (e.g. one with its UI). */
  address?: string;
  alerts?: ActivityDeps['alerts'];
}): Promise<TestWorker> {
  if (!runtimeInstalled) {
    // As production: the SDK's lines go through the pino logger of the composition root (worker/sdk-logger.ts).
    installSdkLogger(capturingLogger(sdkLogs, 'warn'));
    runtimeInstalled = true;
  }
  const taskQueue = options.taskQueue ?? `test-${randomBytes(4).toString('hex')}`;
  const logs: string[] = [];
  const env = {
    ...options.env,
    ...(options.oauth ? { OAUTH_CLIENTS: JSON.stringify(options.oauth.clients) } : {}),
    ...(options.address ? { TEMPORAL_ADDRESS: options.address } : {}),
  };
  const parts = await composeProcess(testConfig({ databaseUrl: options.database.url, taskQueue, env }), {
    logger: capturingLogger(logs),
    connectorFactory: options.connectorFactory,
    rateLimitOf: options.rateLimitOf ?? ((_vendor, override) => override ?? { limit: 1_000_000, windowMs: 1_000 }),
    alerts: options.alerts,
  });
  const worker = await parts.createWorker({ workflowBundle: await workflowBundle() });
  const running = worker.run();
  return {
    client: parts.temporal,
    vault: parts.vault,
    taskQueue,
    parts,
    logs,
    async stop() {
      worker.shutdown();
      await running;
      await parts.close();
    },
  };
}
