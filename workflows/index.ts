// The workflow bundle's entry point: every workflow type the worker runs.
export { saleWorkflow } from './sale.workflow';
export { tenantSyncWorkflow } from './tenant-sync.workflow';
export { refundWorkflow } from './refund.workflow';
export { correctionWorkflow } from './correction.workflow';
export { backfillWorkflow } from './backfill.workflow';
export { completenessCheckWorkflow, completenessSweepWorkflow } from './completeness.workflow';
export { errorRedactionWorkflow } from './error-redaction.workflow';
export { errorRedactionDayWorkflow } from './error-redaction-day.workflow';
export { connectionTestWorkflow } from './connection-test.workflow';
export { previewWorkflow } from './preview.workflow';
export { credentialRetentionWorkflow } from './retention/credential-retention.workflow';
export { analyticsPurgeWorkflow, backupPruneWorkflow, logPurgeWorkflow, statutoryPurgeWorkflow } from './retention/daily-purges.workflow';
export { tokenKeeperWorkflow } from './token-keeper.workflow';
export { administrationsWorkflow, oauthConnectWorkflow } from './oauth-connect.workflow';
export { databaseBackupWorkflow, deletionLogShipWorkflow } from './backups/backup.workflow';
export { debugCopyWorkflow } from './backups/debug-copy.workflow';
export { posDayWorkflow } from './pos-day.workflow';
export { breachNoticeWorkflow } from './breach-notice.workflow';
