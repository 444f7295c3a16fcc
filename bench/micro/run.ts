// A micro-benchmark of the Temporal dev server and the TypeScript worker on this machine, apart from doorzet's code:
// server and worker CPU per activity, per local activity, per upsert and per bare workflow.
// Usage: npx tsx bench/micro/run.ts   (progress on stderr, one JSON line per shape on stdout)
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { resolveTemporalCli } from '../../dev/temporal-binaries';
import { createDataConverter } from '../../crypto/data-converter';
import { progress } from '../lib/log';
import { classifier, cpuBetween, snapshotCpu } from '../lib/procs';
import { startBenchRuntime } from '../lib/runtime';

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
  // eslint-disable-next-line no-restricted-properties
  const rt = await startBenchRuntime({ temporalCliPath: resolveTemporalCli(undefined, process.env.PATH), temporalDbDir: '/dev/shm' });
  const taskQueue = `micro-${randomBytes(3).toString('hex')}`;
  const connection = await NativeConnection.connect({ address: rt.temporalAddress });
  const worker = await Worker.create({
    connection, taskQueue, namespace: 'default',
    workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
    activities: { noop: async (input: { step: number }) => ({ ok: true as const, step: input.step }) },
    dataConverter: createDataConverter(rt.keys.codec),
    maxCachedWorkflows: 500,
  });
  const running = worker.run();
  const classify = classifier({ runtimeDir: rt.dir, temporalPort: rt.temporalAddress.split(':')[1]!, workerPids: () => [] });
  try {
    for (const shape of SHAPES) {
      const before = snapshotCpu(classify);
      const started = Date.now();
      let next = 0;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < WORKFLOWS) {
          const i = next++;
          await rt.client.workflow.execute('microWorkflow', {
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
    await rt.stop();
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  progress(`micro failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
