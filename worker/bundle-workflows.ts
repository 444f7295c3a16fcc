// Entry point: bundles the workflows at argv[2] into the file at argv[3] (run by worker/bundle-in-child.ts).
import { writeFile } from 'node:fs/promises';
import { bundleWorkflows } from './workflow-code';

const [workflowsPath, out] = process.argv.slice(2);
if (!workflowsPath || !out) throw new Error('usage: bundle-workflows <workflows path> <output file>');
await writeFile(out, await bundleWorkflows(workflowsPath));
