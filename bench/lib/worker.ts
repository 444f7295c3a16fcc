import { buildCompiledWorker, compiledWorkerStart } from '../../test/support/compiled-worker';
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

/** The compiled worker every startBenchWorker runs; null: worker/main.ts from source (`--worker=source`). */
let compiled: { entry: string } | null = null;

/**
 * Builds the worker as production runs it (`npm run build` into a directory of this run's own, so a build
 * elsewhere cannot change it mid-run); `source: true` keeps the old way (tsx, bundling at start) for comparison.
 */
export async function prepareBenchWorker(options: { source: boolean; dir: string }): Promise<{ worker: string; remove(): Promise<void> }> {
  if (options.source) return { worker: 'worker/main.ts (node --import tsx; workflows bundled at start)', remove: async () => undefined };
  const started = Date.now();
  const build = await buildCompiledWorker(options.dir);
  compiled = build;
  progress(`worker compiled into ${build.entry} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const start = compiledWorkerStart(build.entry);
  return { worker: `${start.script} (npm run build; node ${start.nodeFlags.join(' ')}; ${Object.entries(start.extraEnv).map(([k, v]) => `${k}=${v}`).join(' ')})`, remove: () => build.remove() };
}

/** The standalone worker (compiled, or worker/main.ts) as a child process on the bench runtime; waits until it polls. */
export async function startBenchWorker(rt: BenchRuntime, options: BenchWorkerOptions): Promise<WorkerProcess> {
  const started = Date.now();
  const common = benchProcessOptions(rt, options.taskQueue, options.cpuProfDir);
  // As production starts it (worker/compiled.ts): its node flags and environment; WORKER_* settings on top.
  const start = compiled ? compiledWorkerStart(compiled.entry) : { script: 'worker/main.ts', nodeFlags: [], extraEnv: {} };
  const worker = startWorkerProcess({
    ...common,
    script: start.script,
    nodeFlags: [...start.nodeFlags, ...common.nodeFlags],
    extraEnv: { ...start.extraEnv, ...options.env },
    onLine: (line) => {
      // The SDK's per-attempt activity warnings are expected under faults; keep stderr readable.
      if (/\[(ERROR)\]|"level":(50|60)|worker failed/.test(line)) progress(`worker ${line.slice(0, 300)}`);
    },
  });
  await worker.ready;
  progress(`worker pid ${worker.pid} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return worker;
}
