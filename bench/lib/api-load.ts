import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { LoadJob, LoadResult } from '../api-load/main';

const projectRoot = resolve(import.meta.dirname, '..', '..');

/** Runs one load job in its own process (bench/api-load/main.ts); `onStarted` once it is warm and starts the timed load. */
export function runLoadProcess(job: LoadJob, options: { onStarted?: () => void } = {}): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/api-load/main.ts'], { cwd: projectRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (!err.includes('started\n') && (err + chunk).includes('started\n')) options.onStarted?.();
      err += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) {
        reject(new Error(`the load generator exited with ${code}: ${err.slice(-1000)}`));
        return;
      }
      resolvePromise(JSON.parse(line) as LoadResult);
    });
    child.stdin.end(JSON.stringify(job));
  });
}
