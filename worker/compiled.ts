import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled worker (`npm run build`, worker/build.ts): dist/worker/main.js is worker/main.ts bundled by
 * esbuild for plain `node` (no TypeScript loader in the process), with the workflow bundle built next to it.
 * Production (Dockerfile, docker-compose.yml, `npm run worker:compiled`) and the bench start it like this.
 */

/** Relative to the project root. */
export const compiledWorkerEntry = 'dist/worker/main.js';

/**
 * Node flags of the worker process: a 4 MiB semi-space (young generation 8 MiB instead of 32 MiB in each of
 * the worker's two V8 isolates, the main thread and the workflow thread). README, Performance: worker RSS.
 */
export const workerNodeFlags: readonly string[] = ['--max-semi-space-size=4'];

/** Environment of the worker process: two glibc malloc arenas instead of up to 8 per core for the SDK's threads. */
export const workerProcessEnv: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

export function compiledWorkerDir(projectRoot: string): string {
  return join(projectRoot, 'dist', 'worker');
}

export function workflowBundleFile(dir: string): string {
  return join(dir, 'workflow-bundle.js');
}

/**
 * The workflow bundle built with this code, when this code runs compiled (it lies next to dist/worker/main.js);
 * undefined when it runs from source, where the worker bundles its workflows at start.
 */
export function prebuiltWorkflowBundle(): { codePath: string } | undefined {
  const codePath = workflowBundleFile(fileURLToPath(new URL('.', import.meta.url)));
  return existsSync(codePath) ? { codePath } : undefined;
}
