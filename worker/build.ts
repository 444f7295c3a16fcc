// `npm run build [-- <dir>]`: the worker compiled for plain `node` into dist/worker/ or <dir> (see worker/compiled.ts).
// <dir> must lie inside the project, so that the packages resolve from node_modules as they do from source.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { compiledWorkerDir, workflowBundleFile } from './compiled';
import { bundleWorkflows } from './workflow-code';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = process.argv[2] ? resolve(process.argv[2]) : compiledWorkerDir(root);
const source = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
// Our own code in one ESM file; packages stay in node_modules (resolved from dist/ upwards, as from source).
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning', sourcemap: 'linked' } as const;
await build({ ...common, entryPoints: [source('worker/main.ts')], outfile: `${outDir}/main.js` });
// The SDK require()s the failure converter by path (crypto/data-converter.ts: next to the code, same extension).
await build({ ...common, entryPoints: [source('crypto/failure-converter.ts')], outfile: `${outDir}/failure-converter.js` });
// The workflow code, bundled once here instead of at every start (webpack's CPU and memory stay out of the worker).
await writeFile(workflowBundleFile(outDir), await bundleWorkflows(source('workflows/index.ts')));
process.stdout.write(`doorzet: worker compiled into ${outDir} (node ${outDir}/main.js)\n`);
