import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time per component of the runtime, read from /proc: where a scenario's time goes across
 * processes (worker, Temporal server, Postgres, the bench process with its simulators).
 */

interface ProcInfo {
  pid: number;
  ppid: number;
  cmdline: string;
  /** utime + stime, in clock ticks */
  ticks: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function readProc(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, ppid, cmdline, ticks };
  } catch {
    return null;
  }
}

function allProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProc(Number(name));
    if (info) out.push(info);
  }
  return out;
}

// `loadgen` (the API load generator) reports its own CPU: it ends before the snapshot after the load.
export type Component = 'worker' | 'temporal' | 'postgres' | 'bench' | 'direct' | 'api' | 'loadgen';

export interface Classifier {
  /** Which component a process belongs to, or null. */
  (proc: ProcInfo, byPid: Map<number, ProcInfo>): Component | null;
}

function descendsFrom(proc: ProcInfo, byPid: Map<number, ProcInfo>, root: (p: ProcInfo) => boolean): boolean {
  let current: ProcInfo | undefined = proc;
  for (let depth = 0; current && depth < 10; depth++) {
    if (root(current)) return true;
    current = byPid.get(current.ppid);
  }
  return false;
}

/** Recognises the bench's processes by command line: its data dir, the Temporal port, worker pids. */
export function classifier(options: {
  runtimeDir: string; temporalPort: string; workerPids: () => number[]; directPids?: () => number[];
  /** The API process (api/main.ts), counted apart from the bench process. */
  apiPids?: () => number[];
}): Classifier {
  return (proc, byPid) => {
    if (proc.pid === process.pid) return 'bench';
    // With their children (tsx's esbuild service).
    const workers = options.workerPids();
    if (descendsFrom(proc, byPid, (p) => workers.includes(p.pid))) return 'worker';
    const direct = options.directPids?.() ?? [];
    if (descendsFrom(proc, byPid, (p) => direct.includes(p.pid))) return 'direct';
    const api = options.apiPids?.() ?? [];
    if (descendsFrom(proc, byPid, (p) => api.includes(p.pid))) return 'api';
    if (proc.cmdline.includes('server start-dev') && proc.cmdline.includes(`--port ${options.temporalPort}`)) return 'temporal';
    if (descendsFrom(proc, byPid, (p) => p.cmdline.includes(options.runtimeDir) && /postgres/.test(p.cmdline))) return 'postgres';
    return null;
  };
}

export interface CpuSnapshot {
  at: number;
  /** busy ticks of the whole machine (all cores), from /proc/stat */
  machineBusy: number;
  /** cumulative ticks per pid, with its component */
  perPid: Map<number, { component: Component; ticks: number }>;
}

export function snapshotCpu(classify: Classifier): CpuSnapshot {
  const procs = allProcs();
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const perPid = new Map<number, { component: Component; ticks: number }>();
  for (const proc of procs) {
    const component = classify(proc, byPid);
    if (component) perPid.set(proc.pid, { component, ticks: proc.ticks });
  }
  return { at: Date.now(), machineBusy: machineBusyTicks(), perPid };
}

function machineBusyTicks(): number {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const n = fields.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return total - (n[3] ?? 0) - (n[4] ?? 0); // minus idle and iowait
  } catch {
    return 0;
  }
}

/**
 * CPU seconds per component between two snapshots. Processes that ended in between are missed
 * (their last ticks are lost), so snapshot before killing anything.
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Record<Component | 'other', number> & { wall_s: number } {
  const out = { worker: 0, temporal: 0, postgres: 0, bench: 0, direct: 0, api: 0, loadgen: 0, other: 0, wall_s: (after.at - before.at) / 1000 };
  for (const [pid, now] of after.perPid) {
    const then = before.perPid.get(pid)?.ticks ?? 0;
    out[now.component] += (now.ticks - then) / TICKS_PER_SECOND;
  }
  // Everything else the machine did meanwhile (other people's test runs, the kernel): the bench shares 2 cores.
  out.other = Math.max(0, (after.machineBusy - before.machineBusy) / TICKS_PER_SECOND - out.worker - out.temporal - out.postgres - out.bench - out.direct - out.api - out.loadgen);
  for (const key of ['worker', 'temporal', 'postgres', 'bench', 'direct', 'api', 'loadgen', 'other'] as const) out[key] = Math.round(out[key] * 10) / 10;
  out.wall_s = Math.round(out.wall_s * 10) / 10;
  return out;
}

/** CPU seconds (user + system) one live process has used so far; null when it is gone. */
export function processCpuSeconds(pid: number): number | null {
  const info = readProc(pid);
  return info ? info.ticks / TICKS_PER_SECOND : null;
}
