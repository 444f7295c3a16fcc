import { startWorkerProcess, type WorkerProcess } from '../../test/support/worker-process';
import { progress } from './log';
import type { BenchRuntime } from './runtime';

export interface BenchWorkerOptions {
  taskQueue: string;
  /** Write a V8 CPU profile into this directory when the worker exits normally (SIGTERM). */
  cpuProfDir?: string;
  /** WORKER_* settings for the worker (cache size, activity slots), e.g. from the bench's own environment. */
  env?: Record<string, string>;
}

/** What every process the bench starts from the composition root shares: its services, keys, log level, profiling. */
export function benchProcessOptions(rt: BenchRuntime, taskQueue: string, cpuProfDir?: string) {
  return {
    databaseUrl: rt.databaseUrl,
    temporalAddress: rt.temporalAddress,
    taskQueue,
    masterKey: rt.keys.master,
    codecKey: rt.keys.codec,
    logLevel: 'info' as const,
    nodeFlags: cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [],
  };
}

/** The standalone worker (`worker/main.ts`) as a child process on the bench runtime; waits until it polls. */
export async function startBenchWorker(rt: BenchRuntime, options: BenchWorkerOptions): Promise<WorkerProcess> {
  const started = Date.now();
  const worker = startWorkerProcess({
    ...benchProcessOptions(rt, options.taskQueue, options.cpuProfDir),
    ...(options.env ? { extraEnv: options.env } : {}),
    onLine: (line) => {
      // The SDK's per-attempt activity warnings are expected under faults; keep stderr readable.
      if (/\[(ERROR)\]|"level":(50|60)|worker failed/.test(line)) progress(`worker ${line.slice(0, 300)}`);
    },
  });
  await worker.ready;
  progress(`worker pid ${worker.pid} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return worker;
}
