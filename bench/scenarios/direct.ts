import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DirectJob, DirectResult } from '../direct/main';
import { progress } from '../lib/log';
import { cpuBetween, snapshotCpu, type Classifier } from '../lib/procs';
import type { BenchRuntime } from '../lib/runtime';
import { audit, closeShops, openShops } from '../lib/shops';

const projectRoot = resolve(import.meta.dirname, '..', '..');

export interface DirectOptions {
  tenants: number;
  ordersPerTenant: number;
  concurrency: number;
  timeoutMs: number;
  classify: Classifier;
  directPids: number[];
  /** Write a V8 CPU profile of the loop into this directory. */
  cpuProfDir?: string;
}

/** The same 2,000-order backlog, through the same activity functions in a plain loop (a child process, like the worker). */
export async function runDirect(rt: BenchRuntime, options: DirectOptions): Promise<DirectResult & { lost: number; duplicated: number; cpu_s: ReturnType<typeof cpuBetween> }> {
  progress(`direct: opening ${options.tenants} shops with ${options.ordersPerTenant} orders each`);
  const shops = await openShops(rt, { count: options.tenants, initialOrders: options.ordersPerTenant, seed: 2_000 });
  try {
    const job: DirectJob = {
      databaseUrl: rt.databaseUrl,
      masterKey: { id: rt.keys.master.id, keyBase64: Buffer.from(rt.keys.master.key).toString('base64') },
      concurrency: options.concurrency,
      tenants: shops.map((s) => ({ tenantId: s.tenant.tenantId, externalIds: [...s.woo.orders.keys()].map(String) })),
    };
    const jobPath = join(rt.dir, 'direct-job.json');
    await writeFile(jobPath, JSON.stringify(job), { mode: 0o600 });
    const child = spawn(process.execPath, [...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []), '--import', 'tsx', 'bench/direct/main.ts', jobPath], {
      cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' },
    });
    options.directPids.push(child.pid!);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => progress(`direct ${d.trim().slice(0, 300)}`));
    const before = snapshotCpu(options.classify);
    let after = before;
    // Sample CPU until the child exits: its ticks vanish with it.
    const sampler = setInterval(() => (after = snapshotCpu(options.classify)), 500);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    const code = await new Promise<number | null>((res) => child.once('exit', res));
    clearInterval(sampler);
    clearTimeout(timer);
    if (code !== 0) throw new Error(`direct loop exited with ${code}`);
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as DirectResult;
    const checked = await audit(rt, shops);
    return { ...result, lost: checked.lost, duplicated: checked.duplicated, cpu_s: cpuBetween(before, after) };
  } finally {
    await closeShops(rt, shops);
  }
}
