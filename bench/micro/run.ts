// A micro-benchmark of the Temporal dev server and the TypeScript worker on this machine, apart from doorzet's code:
// server and worker CPU per activity, per local activity, per upsert and per bare workflow.
// Usage: npx tsx bench/micro/run.ts [extra dev-server flags, e.g. --dynamic-config-value system.enableActivityEagerExecution=true]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { resolveTemporalCli } from '../../dev/temporal-binaries';
import { createDataConverter } from '../../crypto/data-converter';
import { progress } from '../lib/log';
import { classifier, cpuBetween, snapshotCpu } from '../lib/procs';
import { freePort, startBenchRuntime } from '../lib/runtime';
import { SEARCH_ATTRIBUTES } from '../../domain/workflow-ids';

/** A second dev server with extra dynamic config (e.g. eager activities), to compare against the default one. */
async function startVariantServer(cli: string, extra: string[]): Promise<{ address: string; pid: number; stop: () => void }> {
  const port = await freePort();
  const child = spawn(cli, [
    'server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', 'default', '--log-level', 'warn', '--headless',
    ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    '--dynamic-config-value', 'frontend.rps=10000', '--dynamic-config-value', 'frontend.namespaceRPS=10000', '--dynamic-config-value', 'history.rps=10000',
    ...extra,
  ], { stdio: 'ignore' });
  const address = `127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      const c = await Connection.connect({ address, connectTimeout: 1_000 });
      await c.workflowService.getSystemInfo({});
      await c.close();
      return { address, pid: child.pid!, stop: () => child.kill('SIGTERM') };
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  child.kill('SIGKILL');
  throw new Error('variant server did not start');
}

const SHAPES = [
  { name: 'empty', activities: 0, localActivities: 0, upserts: 0 },
  { name: '8 activities', activities: 8, localActivities: 0, upserts: 0 },
  { name: '8 local activities', activities: 0, localActivities: 8, upserts: 0 },
  { name: '5 upserts', activities: 0, localActivities: 0, upserts: 5 },
];
const WORKFLOWS = 300;
const CONCURRENCY = 50;

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cli = resolveTemporalCli(undefined, process.env.PATH);
  const rt = await startBenchRuntime({ temporalCliPath: cli, temporalDbDir: '/dev/shm' });
  const extra = process.argv.slice(2);
  const variant = extra.length > 0 ? await startVariantServer(cli, extra) : null;
  if (variant) progress(`variant server with ${extra.join(' ')}`);
  const address = variant?.address ?? rt.temporalAddress;
  const { Client } = await import('@temporalio/client');
  const { createLoadedDataConverter } = await import('../../crypto/data-converter');
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, namespace: 'default', dataConverter: createLoadedDataConverter(rt.keys.codec) });
  const taskQueue = `micro-${randomBytes(3).toString('hex')}`;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection, taskQueue, namespace: 'default',
    workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
    activities: { noop: async (input: { step: number }) => ({ ok: true as const, step: input.step }) },
    dataConverter: createDataConverter(rt.keys.codec),
    maxCachedWorkflows: 500,
  });
  const running = worker.run();
  const classify = classifier({ runtimeDir: rt.dir, temporalPort: address.split(':')[1]!, workerPids: () => [] });
  try {
    for (const shape of SHAPES) {
      const before = snapshotCpu(classify);
      const started = Date.now();
      let next = 0;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < WORKFLOWS) {
          const i = next++;
          await client.workflow.execute('microWorkflow', {
            taskQueue, workflowId: `micro-${shape.name.replace(/ /g, '-')}-${i}`,
            args: [{ tenantId: 'micro', ...shape }],
          });
        }
      }));
      const wall = (Date.now() - started) / 1000;
      const cpu = cpuBetween(before, snapshotCpu(classify));
      const perWorkflow = (s: number) => Math.round((s / WORKFLOWS) * 1000 * 10) / 10;
      process.stdout.write(`${JSON.stringify({
        shape: shape.name, workflows_per_s: Math.round((WORKFLOWS / wall) * 10) / 10,
        server_ms_per_workflow: perWorkflow(cpu.temporal), worker_and_client_ms_per_workflow: perWorkflow(cpu.bench),
      })}\n`);
      progress(`${shape.name}: done in ${wall.toFixed(1)} s`);
    }
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await clientConnection.close();
    variant?.stop();
    await rt.stop();
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  progress(`micro failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
