// The workflow bundle's entry point: every workflow type the worker runs.
export { saleWorkflow } from './sale.workflow';
export { tenantSyncWorkflow } from './tenant-sync.workflow';
export { errorRedactionWorkflow } from './error-redaction.workflow';
