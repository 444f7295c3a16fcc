import { Context } from '@temporalio/activity';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/client';
import { logTenantKeyShred } from '../db/queries/deletion-log';
import { deleteConnectionCredentials, getTenantContractEnd, tenantKeyExists } from '../db/queries/retention-credentials';
import {
  pruneBackups, purgeAccessAnalytics, purgePlatformLog, purgeStatutoryData, termStartOf, writePlatformLog, type StatutoryPurgeResult,
} from '../db/queries/retention-purge';
import { settleRetentionTimer, upsertRetentionTimer } from '../db/queries/retention-timers';
import { redactSaleError } from '../db/queries/sale-errors';
import { listDayRedactions, redactDueErrors } from '../db/queries/redaction-days';
import type { RetentionRuleId } from '../domain/retention-policy';

export interface RetentionActivityDeps {
  db: Db;
  /** Shreds a tenant's data key when its credentials are deleted. */
  vault: Vault;
  /** Copies new deletion-log entries next to the backups (when backups are configured). */
  shipDeletionLog?: () => Promise<{ shipped: number }>;
}

/** What the timer workflows mirror into retention_timers; ids and a date only. */
export interface RetentionTimerInput {
  tenantId: string | null;
  rule: RetentionRuleId;
  subjectId: string;
  workflowId: string;
  dueAt: string;
}

/** The purge schedules pass the workflow's clock, so tests on the time-skipping server control it. */
export interface PurgeInput {
  now: string;
}

/** Deletions and redactions the retention timers and schedules carry out. Every one is idempotent. */
export function createRetentionActivities(deps: RetentionActivityDeps) {
  const { db } = deps;
  return {
    /** Removes the debtor-specific values of one error record; the rest of the message stays readable. */
    async redactSaleError(input: { errorId: string }): Promise<{ redacted: boolean }> {
      return { redacted: await redactSaleError(db, input.errorId) };
    },

    /** The day's unredacted error records (ids and due times only), for a day redaction timer. */
    async listDayRedactions(input: { tenantId: string; dueDay: string }): Promise<{ errorId: string; redactAt: string }[]> {
      return (await listDayRedactions(db, input)).map((e) => ({ errorId: e.errorId, redactAt: e.redactAt.toISOString() }));
    },

    /** Redacts the day's error records due by `upTo` (ISO). */
    async redactDueErrors(input: { tenantId: string; dueDay: string; upTo: string }): Promise<{ redacted: number }> {
      return { redacted: await redactDueErrors(db, { ...input, upTo: new Date(input.upTo) }) };
    },

    async registerRetentionTimer(input: RetentionTimerInput): Promise<void> {
      await upsertRetentionTimer(db, { ...input, dueAt: new Date(input.dueAt) });
    },

    async settleRetentionTimer(input: { workflowId: string; state: 'done' | 'cancelled' }): Promise<{ changed: boolean }> {
      return { changed: await settleRetentionTimer(db, input.workflowId, input.state) };
    },

    /** The moment the tenant's contract term ends (ISO), null while it runs open-ended, or `found: false`. */
    async readContractEnd(input: { tenantId: string }): Promise<{ found: boolean; termEndsAt: string | null }> {
      const tenant = await getTenantContractEnd(db, input.tenantId);
      if (!tenant) return { found: false, termEndsAt: null };
      return { found: true, termEndsAt: tenant.contractEndsOn ? termStartOf(tenant.contractEndsOn).toISOString() : null };
    },

    /**
     * Shreds the tenant's data key first (every copy of its secrets, backups included, becomes unreadable),
     * then clears the sealed credentials and logs the deletion once. The shred goes into the deletion log
     * before it happens, so restoring an older backup shreds the key again.
     */
    async deleteTenantCredentials(input: { tenantId: string; workflowId: string }): Promise<{ connections: number; keyShredded: boolean }> {
      const keyShredded = await tenantKeyExists(db, input.tenantId);
      if (keyShredded) await logTenantKeyShred(db, input.tenantId);
      await deps.vault.shredTenant(input.tenantId);
      const cleared = await deleteConnectionCredentials(db, input.tenantId);
      // Best effort now; the daily backup ships whatever is left before it dumps.
      if (keyShredded && deps.shipDeletionLog) {
        try {
          await deps.shipDeletionLog();
        } catch (error) {
          Context.current().log.warn('deletion log not shipped yet', { error: String(error) });
        }
      }
      if (keyShredded || cleared > 0) {
        await writePlatformLog(db, {
          tenantId: input.tenantId, actor: `workflow:${input.workflowId}`, action: 'credentials.deleted',
          message: `Credentials of ${cleared} connection(s) deleted and the tenant key shredded (retention rule credentialDeletion).`,
        });
      }
      return { connections: cleared, keyShredded };
    },

    async purgePlatformLog(input: PurgeInput): Promise<{ deleted: number }> {
      return { deleted: await purgePlatformLog(db, new Date(input.now)) };
    },

    async purgeAccessAnalytics(input: PurgeInput): Promise<{ deleted: number }> {
      return { deleted: await purgeAccessAnalytics(db, new Date(input.now)) };
    },

    /** Marks backups past their term pruned. Creating and deleting the backup files themselves is not built yet. */
    async pruneBackups(input: PurgeInput): Promise<{ deleted: number }> {
      return { deleted: (await pruneBackups(db, new Date(input.now))).length };
    },

    async purgeStatutoryData(input: PurgeInput & { workflowId: string }): Promise<StatutoryPurgeResult & { deleted: number }> {
      const result = await purgeStatutoryData(db, new Date(input.now));
      const deleted = result.invoices + result.tenants;
      if (deleted > 0) {
        await writePlatformLog(db, {
          tenantId: null, actor: `workflow:${input.workflowId}`, action: 'statutory.purged',
          message: `Statutory term ended: ${result.invoices} invoice(s) deleted, ${result.tenants} tenant(s) anonymised, ${result.overdue} later than the grace period.`,
        });
      }
      return { ...result, deleted };
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
