import { bundleWorkflowCode } from '@temporalio/worker';
import { failureConverterPath } from '../crypto/data-converter';

/**
 * The workflow code as one bundle (webpack), with the failure converter the worker and client use, so failures
 * a workflow raises are sealed by the payload codec like the rest (crypto/failure-converter.ts).
 */
export async function bundleWorkflows(workflowsPath: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, failureConverterPath: failureConverterPath() });
  return code;
}
