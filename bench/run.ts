// `npm run bench` (and `npm run bench -- --faults`): see bench/README.md. One JSON line on stdout.
import { randomBytes } from 'node:crypto';
import { resolveTemporalCli } from '../dev/temporal-binaries';
import { progress } from './lib/log';
import { classifier } from './lib/procs';
import { startBenchRuntime } from './lib/runtime';
import { startBenchWorker } from './lib/worker';
import { runThroughput } from './scenarios/throughput';

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(prefix));
  if (!hit) return undefined;
  return hit === `--${name}` ? 'true' : hit.slice(prefix.length);
}

async function main(): Promise<void> {
  const cli = resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, process.env.PATH);
  const temporalDb = flag('temporal-db') ?? 'shm';
  const rt = await startBenchRuntime({ temporalCliPath: cli, keepDir: flag('keep') === 'true', ...(temporalDb === 'shm' ? { temporalDbDir: '/dev/shm' } : {}) });
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    progress(`${signal}: stopping`);
    void rt.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const taskQueue = `bench-${randomBytes(3).toString('hex')}`;
  const workers: number[] = [];
  const classify = classifier({ runtimeDir: rt.dir, temporalPort: rt.temporalAddress.split(':')[1]!, workerPids: () => workers });
  try {
    const worker = await startBenchWorker(rt, { taskQueue, ...(flag('cpu-prof') ? { cpuProfDir: flag('cpu-prof') } : {}) });
    workers.push(worker.pid);
    process.on('exit', () => void worker.kill('SIGKILL'));
    const result = await runThroughput(rt, {
      tenants: Number(flag('tenants') ?? 20), ordersPerTenant: Number(flag('orders') ?? 100), concurrency: Number(flag('concurrency') ?? 10),
      taskQueue, worker, classify, timeoutMs: 600_000,
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    await worker.kill('SIGTERM');
  } finally {
    await rt.stop();
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  progress(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
