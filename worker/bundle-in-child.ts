import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./bundle-workflows.ts', import.meta.url));

/**
 * Bundles the workflow code (webpack + swc, ~130 MB and seconds of CPU) in a child process started like this
 * one (same node, same `--import tsx`), so the bundler's memory is returned to the system when it exits and
 * never adds to the worker's peak RSS.
 */
export async function bundleInChildProcess(workflowsPath: string): Promise<{ code: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'doorzet-workflows-'));
  try {
    const out = join(dir, 'workflows.js');
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, script, workflowsPath, out], { stdio: ['ignore', 'ignore', 'inherit'] });
      child.once('error', reject);
      child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`bundling the workflows failed (exit ${code ?? signal})`))));
    });
    return { code: await readFile(out, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
