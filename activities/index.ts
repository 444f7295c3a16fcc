import type { Db } from '../db/client';
import type { Vault } from '../crypto/vault';
import { createAlertActivities, type Mailer } from './alert-activities';
import { createBackupActivities } from './backup-activities';
import { createBackupRunner, type BackupRuntime } from './backups/backup-runner';
import { guardActivities } from './activity-boundary';
import { createConnectionTestActivities } from './connection-test-activities';
import { createConnectorProvider, type ConnectorFactory, type RateLimit } from './connector-provider';
import { createOAuthActivities } from './oauth-activities';
import { createTokenAccess } from './oauth-token-access';
import { createDebugCopyActivities } from './debug-copy-activities';
import { createBackfillActivities } from './backfill-activities';
import { createCompletenessActivities } from './completeness-activities';
import { createCorrectionActivities } from './correction-activities';
import { createRefundActivities } from './refund-activities';
import { createRequestBudget } from './request-budget';
import { createPosDayActivities } from './pos-day-activities';
import { createPreviewActivities } from './preview-activities';
import type { RedactionDayStarter } from './redaction-day-starter';
import { createRetentionActivities } from './retention-activities';
import { createSaleActivities } from './sale-activities';
import { createSyncActivities } from './sync-activities';
import type { TokenKeeperClient } from './token-keeper-client';
import { createTokenKeeperActivities, type OAuthApps } from './token-keeper-activities';

export interface ActivityDeps {
  db: Db;
  vault: Vault;
  connectorFactory: ConnectorFactory;
  rateLimitOf: (vendor: string, override: RateLimit | undefined) => RateLimit | readonly RateLimit[];
  /** The platform's OAuth app registrations (client id/secret per vendor) and redirect URI; null: no OAuth targets. */
  oauth?: OAuthApps | null;
  /** How activities ask a tenant's token keeper for a fresh access token (the worker builds it from its connection). */
  tokenKeeper?: TokenKeeperClient | null;
  /** The object store and backup keys; unset = no backups (the backup schedule fails visibly). */
  backups?: BackupRuntime;
  /** SMTP (null: no e-mail) and where alert links point. */
  alerts?: { mailer: Mailer | null; dashboardUrl: string; fetch?: typeof fetch };
  /** Starts a tenant's redaction timer for a due day (the worker builds it from its connection). */
  startRedactionDay?: RedactionDayStarter;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  const tokens = createTokenAccess({ db: deps.db, vault: deps.vault, keeper: deps.tokenKeeper ?? null });
  const connectors = createConnectorProvider({
    db: deps.db, vault: deps.vault, factory: deps.connectorFactory, tokens,
    targetBudget: (connection) => {
      const limits = deps.rateLimitOf(connection.vendor, connection.settings.rateLimit);
      return createRequestBudget({ db: deps.db, connectionId: connection.id, windows: Array.isArray(limits) ? limits : [limits] });
    },
  });
  const alerts = createAlertActivities({ db: deps.db, vault: deps.vault, mailer: deps.alerts?.mailer ?? null, dashboardUrl: deps.alerts?.dashboardUrl ?? 'http://localhost:3000', fetch: deps.alerts?.fetch });
  const { backups } = deps;
  // Every writer of an error record registers and starts its redaction day timer (DESIGN.md's retention table).
  const redactionDays = deps.startRedactionDay ? { startRedactionDay: deps.startRedactionDay } : {};
  const backupRunner = backups ? createBackupRunner({ db: deps.db, runtime: backups }) : undefined;
  return guardActivities({
    ...createSaleActivities({ db: deps.db, connectors, rateLimitOf: deps.rateLimitOf, ...redactionDays }),
    ...createSyncActivities({ db: deps.db, connectors, ...redactionDays }),
    ...createRetentionActivities({ db: deps.db, vault: deps.vault, shipDeletionLog: backupRunner && (() => backupRunner.shipDeletionLog()) }),
    ...createConnectionTestActivities({ connectors }),
    ...createTokenKeeperActivities({ db: deps.db, vault: deps.vault, oauth: deps.oauth ?? null, sendAlert: (alert) => alerts.sendTenantAlert(alert) }),
    ...createOAuthActivities({ db: deps.db, vault: deps.vault, connectors, oauth: deps.oauth ?? null }),
    ...createBackupActivities({ db: deps.db, backups }),
    ...createDebugCopyActivities({ db: deps.db, connectors }),
    ...createRefundActivities({ db: deps.db, connectors, ...redactionDays }),
    ...createCorrectionActivities({ db: deps.db }),
    ...createCompletenessActivities({ db: deps.db, connectors, ...redactionDays }),
    ...createBackfillActivities({ db: deps.db, connectors, rateLimitOf: deps.rateLimitOf }),
    ...createPosDayActivities({ db: deps.db }),
    ...alerts,
    ...createPreviewActivities({ db: deps.db, connectors }),
  });
}
