// The sale journey without Temporal: the worker's own activity functions, called in a plain loop with the
// same dependencies and the same concurrency, so the bench can show what orchestration costs.
// Started by bench/scenarios/direct.ts as `node --import tsx bench/direct/main.ts <job.json>`; prints one JSON line.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createVault } from '../../crypto/vault';
import { createDb } from '../../db/client';
import { createPgVaultStore } from '../../db/queries/vault-store';
import { saleWorkflowId } from '../../domain/workflow-ids';
import { connectorFactory, rateLimitOf } from '../../connectors/registry';

export interface DirectJob {
  databaseUrl: string;
  masterKey: { id: string; keyBase64: string };
  /** Sales of one tenant run `concurrency` at a time, like the tenant sync's child workflows. */
  concurrency: number;
  tenants: { tenantId: string; externalIds: string[] }[];
}

export interface DirectResult {
  orders: number;
  posted: number;
  failed: number;
  elapsed_s: number;
  orders_per_s: number;
  rss_mb: number;
}

/** Runs one activity call inside the mocked activity context (Context.current() works as in the worker). */
const inContext = <R>(env: MockActivityEnvironment, call: () => Promise<R>): Promise<R> => env.run<[], R, () => Promise<R>>(call);

async function main(): Promise<void> {
  const jobPath = process.argv[2];
  if (!jobPath) throw new Error('usage: bench/direct/main.ts <job.json>');
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as DirectJob;
  const { db, close } = createDb(job.databaseUrl);
  const vault = createVault({
    store: createPgVaultStore(db),
    masterKeys: { current: { id: job.masterKey.id, key: new Uint8Array(Buffer.from(job.masterKey.keyBase64, 'base64')) } },
  });
  const activities = createActivities({ db, vault, connectorFactory, rateLimitOf });
  const logger = new DefaultLogger('ERROR');
  let posted = 0;
  let failed = 0;

  /** The success path of saleWorkflow, step for step. */
  async function sale(tenantId: string, externalId: string): Promise<void> {
    const source = 'woocommerce' as const;
    const runId = randomUUID();
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: saleWorkflowId(tenantId, source, externalId), runId } }, { logger });
    const fetched = await inContext(env, () => activities.fetchSale({ tenantId, source, externalId }));
    if (!fetched.ok) {
      failed++;
      return;
    }
    const current = fetched.summary ?? fetched.sale;
    if (!current) throw new Error('fetchSale returned no sale');
    const { sale: bookable } = fetched;
    const amounts = { totalExclCents: current.totalExclCents, totalInclCents: current.totalInclCents };
    const claim = await inContext(env, () => activities.claimSale({ tenantId, source, externalId, orderNumber: current.orderNumber, runId, amounts }));
    if (claim.kind !== 'claimed') return;
    let contactId = await inContext(env, () => activities.lookupDebtor({ tenantId, source, email: current.debtor.email }));
    if (!contactId) {
      contactId = await inContext(env, () => activities.findOrCreateContact({ tenantId, source, debtor: current.debtor }));
    }
    // Each request reserves its own budget inside the activity (connectors/http's budget hook), as in the worker.
    const contact = contactId;
    const document = await inContext(env, () => activities.pushInvoice(bookable
      ? { tenantId, sale: bookable, contactId: contact, lookupFirst: claim.takenOver }
      : { tenantId, source, externalId, amounts, contactId: contact, lookupFirst: claim.takenOver }));
    await inContext(env, () => activities.recordPosted({ tenantId, source, externalId, runId, amounts, targetDocumentId: document.id }));
    posted++;
  }

  const started = performance.now();
  await Promise.all(job.tenants.map(async ({ tenantId, externalIds }) => {
    let next = 0;
    await Promise.all(Array.from({ length: job.concurrency }, async () => {
      while (next < externalIds.length) {
        const externalId = externalIds[next++]!;
        try {
          await sale(tenantId, externalId);
        } catch (error) {
          failed++;
          process.stderr.write(`direct: ${externalId}: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    }));
  }));
  const elapsed = (performance.now() - started) / 1000;
  await close();
  const orders = job.tenants.reduce((n, t) => n + t.externalIds.length, 0);
  const result: DirectResult = {
    orders, posted, failed,
    elapsed_s: Math.round(elapsed * 10) / 10,
    orders_per_s: Math.round((posted / elapsed) * 10) / 10,
    rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`direct loop failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
