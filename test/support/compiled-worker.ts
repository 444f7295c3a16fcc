import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { compiledWorkerEntry, workerNodeFlags, workerProcessEnv } from '../../worker/compiled';

const projectRoot = resolve(import.meta.dirname, '..', '..');

/** How production starts the compiled worker (worker/compiled.ts): its entry, node flags and environment. */
export function compiledWorkerStart(entry: string = compiledWorkerEntry) {
  return { script: entry, nodeFlags: [...workerNodeFlags], extraEnv: { ...workerProcessEnv } };
}

/**
 * Runs `npm run build` (worker/build.ts) into `dir` (relative to the project; default dist/worker), as a child
 * process so webpack's memory leaves with it. Resolves with the compiled entry, relative to the project root.
 */
export async function buildCompiledWorker(dir = 'dist/worker'): Promise<{ entry: string; remove(): Promise<void> }> {
  const out = resolve(projectRoot, dir);
  const stderr: string[] = [];
  await new Promise<void>((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/build.ts', out], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    child.once('error', rej);
    child.once('exit', (code, signal) => (code === 0 ? res() : rej(new Error(`npm run build failed (exit ${code ?? signal}): ${stderr.join('').slice(-2000)}`))));
  });
  return { entry: relative(projectRoot, join(out, 'main.js')), remove: () => rm(out, { recursive: true, force: true }) };
}
