import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The standalone worker (`worker/main.ts`) as a child process, for the crash test and the benchmark:
 * started with an environment built here (nothing inherited), killed with any signal, its memory read
 * from /proc. It runs as `node --import tsx worker/main.ts` (or `node dist/worker/main.js`, compiled), so the
 * child's pid is the worker's own.
 */

const projectRoot = resolve(import.meta.dirname, '..', '..');

export interface WorkerProcessOptions {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  namespace?: string;
  masterKey: { id: string; key: Uint8Array };
  codecKey: Uint8Array;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Extra settings (config/schema.ts) or Node variables, e.g. `NODE_OPTIONS`. */
  extraEnv?: Record<string, string>;
  /** Extra flags for node before the script, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /** Every line the worker writes (stdout and stderr). Default: kept in `output()` only. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How long to wait for "worker started" (the workflow bundle is built at start). Default 120 s. */
  readyTimeoutMs?: number;
  /**
   * Another entry point with the same environment, e.g. `api/main.ts`; default `worker/main.ts`. A `.ts` entry
   * runs through tsx; a compiled one (`dist/worker/main.js`, see test/support/compiled-worker.ts) on plain node.
   */
  script?: string;
  /** The log message that says the process is ready; default "worker started". */
  readyMessage?: string;
}

export interface WorkerProcess {
  pid: number;
  /** Resolves once the worker logged that it started polling; rejects if it exits or times out first. */
  ready: Promise<void>;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  /** Sends a signal and waits for the exit; SIGKILL is the crash, SIGTERM the orderly stop. */
  kill(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Peak resident memory (VmHWM) in MiB, as last read from /proc (sampled every second while alive). */
  peakRssMb(): number;
  /** The last lines of output, for failure messages. */
  output(): string[];
}

const OUTPUT_LINES_KEPT = 200;
const RSS_SAMPLE_MS = 1_000;

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** VmHWM of a live process in MiB; null when it is gone or /proc is not there. */
export function readPeakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function workerEnv(options: WorkerProcessOptions): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_NAMESPACE: options.namespace ?? 'default',
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    DOORZET_MASTER_KEY: toBase64(options.masterKey.key),
    DOORZET_MASTER_KEY_ID: options.masterKey.id,
    DOORZET_CODEC_KEY: toBase64(options.codecKey),
    LOG_LEVEL: options.logLevel ?? 'info',
    ...options.extraEnv,
  };
}

export function startWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const script = options.script ?? 'worker/main.ts';
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeFlags ?? []), ...loader, script], {
    cwd: projectRoot,
    env: workerEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('the worker process did not start');
  const pid = child.pid;
  const lines: string[] = [];
  let peak = 0;
  let startedResolve: () => void = () => undefined;
  let startedReject: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((res, rej) => {
    startedResolve = res;
    startedReject = rej;
  });
  // A test that never awaits `ready` (it kills the worker at once) must not see an unhandled rejection.
  ready.catch(() => undefined);

  const sample = () => {
    const now = readPeakRssMb(pid);
    if (now !== null && now > peak) peak = now;
  };
  const sampler = setInterval(sample, RSS_SAMPLE_MS);
  sampler.unref();

  const watch = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr') => {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        lines.push(line);
        if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
        options.onLine?.(line, name);
        if (name === 'stdout' && line.includes(`"${options.readyMessage ?? 'worker started'}"`)) startedResolve();
        newline = buffered.indexOf('\n');
      }
    });
  };
  watch(child.stdout, 'stdout');
  watch(child.stderr, 'stderr');

  let running = true;
  // A parent that dies (a failed test, a crashed bench) takes its worker with it instead of orphaning it.
  const killOnExit = () => {
    if (running) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    child.once('exit', (code, signal) => {
      running = false;
      clearInterval(sampler);
      process.off('exit', killOnExit);
      startedReject(new Error(`the worker exited before it was ready (code ${code}, signal ${signal}):\n${lines.slice(-20).join('\n')}`));
      res({ code, signal });
    });
  });

  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const readyTimer = setTimeout(() => startedReject(new Error(`the worker did not start within ${readyTimeoutMs} ms:\n${lines.slice(-20).join('\n')}`)), readyTimeoutMs);
  readyTimer.unref();
  void ready.then(() => clearTimeout(readyTimer), () => clearTimeout(readyTimer));

  return {
    pid,
    ready,
    exited,
    isRunning: () => running,
    async kill(signal = 'SIGKILL', timeoutMs = 30_000) {
      if (running) {
        sample(); // the last reading before the process and its /proc entry are gone
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
    peakRssMb: () => {
      if (running) sample();
      return Math.round(peak * 10) / 10;
    },
    output: () => [...lines],
  };
}
