import { startWorkerProcess, type WorkerProcess } from '../../test/support/worker-process';
import { progress } from './log';
import type { BenchRuntime } from './runtime';
import { freePort } from './runtime';
import { benchProcessOptions } from './worker';

export interface BenchApiProcess {
  url: string;
  pid: number;
  process: WorkerProcess;
  stop(): Promise<void>;
}

/**
 * The API on its own (`node --import tsx api/main.ts`), as production runs it: its own process and event loop,
 * its parts from the composition root, LOG_LEVEL info (one request line each, as in production). Its CPU is
 * counted apart from the bench process (simulators) and the load generator.
 */
export async function startBenchApiProcess(rt: BenchRuntime, options: { taskQueue: string; cpuProfDir?: string }): Promise<BenchApiProcess> {
  const started = Date.now();
  const port = await freePort();
  const api = startWorkerProcess({
    script: 'api/main.ts',
    readyMessage: 'API listening',
    ...benchProcessOptions(rt, options.taskQueue, options.cpuProfDir),
    extraEnv: { API_HOST: '127.0.0.1', API_PORT: String(port) },
    onLine: (line) => {
      if (/"level":(50|60)|API failed/.test(line)) progress(`api ${line.slice(0, 300)}`);
    },
  });
  await api.ready;
  progress(`api pid ${api.pid} ready on :${port} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: api.pid,
    process: api,
    // SIGTERM: api/main.ts closes the server and its parts, and --cpu-prof writes its profile on that exit.
    stop: async () => {
      await api.kill('SIGTERM');
    },
  };
}
