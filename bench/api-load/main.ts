// The API load generator in its own process, so neither the simulators in the bench process nor the API
// share its event loop: an open loop at a fixed rate over a pool of keep-alive connections (node:http Agent).
// Reads its job as JSON on stdin (it carries a session token), writes ONE JSON line on stdout.
import { Agent, request } from 'node:http';
import { percentile, round, sleep } from '../lib/log';

export interface LoadJob {
  baseUrl: string;
  headers: Record<string, string>;
  /** Requests go to these paths in turn; `kind` groups their latencies. */
  paths: { kind: string; path: string }[];
  ratePerSecond: number;
  durationMs: number;
  /** Keep-alive connections to the API (at most). */
  connections: number;
  timeoutMs: number;
}

export interface LoadResult {
  requests: number;
  achieved_rps: number;
  /** ms from sending a request to its last body byte, all kinds together and per kind. */
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  by_kind_p99_ms: Record<string, number>;
  errors: number;
  status_codes: Record<string, number>;
  /** How late the generator sent, against the schedule: a large lag means the generator, not the API, is slow. */
  sender_lag_p99_ms: number;
  sender_lag_max_ms: number;
  connections_opened: number;
  /** CPU seconds of this process during the timed phase (user + system). */
  cpu_s: number;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function run(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  let opened = 0;
  const get = (path: string) => new Promise<number>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: job.headers, agent }, (res) => {
      res.on('data', () => undefined);
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('socket', (socket) => {
      if (!(socket as { counted?: boolean }).counted) {
        (socket as { counted?: boolean }).counted = true;
        opened++;
      }
    });
    req.setTimeout(job.timeoutMs, () => req.destroy(new Error('timeout')));
    req.once('error', reject);
    req.end();
  });

  // Warm-up (not counted): open the pool's connections and touch each path once.
  await Promise.all(Array.from({ length: Math.min(job.connections, 16) }, (_, i) => get(job.paths[i % job.paths.length]!.path)));

  process.stderr.write('started\n'); // the parent snapshots CPU now
  const cpuBefore = process.cpuUsage();
  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  const lags: number[] = [];
  const codes: Record<string, number> = {};
  let errors = 0;
  const pending: Promise<void>[] = [];
  const total = Math.round((job.ratePerSecond * job.durationMs) / 1000);
  const interval = 1000 / job.ratePerSecond;
  const started = performance.now();
  for (let i = 0; i < total;) {
    const due = started + i * interval;
    const now = performance.now();
    if (due - now >= 1) {
      await sleep(due - now);
      continue;
    }
    // Everything due by now goes out at once (a timer fires at 1 ms granularity at best).
    const { kind, path } = job.paths[i % job.paths.length]!;
    lags.push(Math.max(0, now - due));
    const sent = now;
    pending.push(get(path).then((status) => {
      const ms = performance.now() - sent;
      codes[status] = (codes[status] ?? 0) + 1;
      if (status !== 200) errors++;
      latencies.push(ms);
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = []));
      list.push(ms);
    }, (error: unknown) => {
      errors++;
      const key = error instanceof Error && error.message === 'timeout' ? 'timeout' : 'network';
      codes[key] = (codes[key] ?? 0) + 1;
    }));
    i++;
  }
  const sendEnd = performance.now();
  await Promise.all(pending);
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return {
    requests: total,
    achieved_rps: round(total / ((sendEnd - started) / 1000)),
    p50_ms: round(percentile(latencies, 50), 2),
    p99_ms: round(percentile(latencies, 99), 2),
    max_ms: round(latencies.length ? Math.max(...latencies) : Number.NaN, 2),
    by_kind_p99_ms: Object.fromEntries([...byKind].map(([k, v]) => [k, round(percentile(v, 99), 2)])),
    errors,
    status_codes: codes,
    sender_lag_p99_ms: round(percentile(lags, 99), 2),
    sender_lag_max_ms: round(lags.length ? Math.max(...lags) : 0, 2),
    connections_opened: opened,
    cpu_s: round((cpu.user + cpu.system) / 1e6, 2),
  };
}

const job = JSON.parse(await readStdin()) as LoadJob;
process.stdout.write(`${JSON.stringify(await run(job))}\n`);
