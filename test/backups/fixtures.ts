import { randomUUID } from 'node:crypto';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../db/client';
import { ACCESS_SLOT, REFRESH_SLOT } from '../../activities/oauth-token-access';
import { upsertConnection } from '../../db/queries/connections';
import {
  accessAnalytics, accessRegister, alertSettings, alertsSent, completenessReports, dataBreaches, dataBreachTenants, debtors, loginThrottle, oauthStates, oauthTokens,
  platformLog, posDayBatches, posDaySales, redactionDays, retentionTimers, saleErrors, saleJourneys, saleVersions, sessions, syncCursors, syncedRefunds,
  syncedSales, syncStatus, targetBudgetHolds, targetCalls, tenantInvoices, tenants, tenantSettings, users, webhookDeliveries,
} from '../../db/schema';

// Values COPY must escape: tabs, newlines, backslashes, quotes, non-ASCII, and NULLs in every nullable column.
export const AWKWARD = 'Tab\there, new\nline, back\\slash, "quotes", émoji 🍞, \\N not null';

export interface FilledTenant {
  tenantId: string;
  sourceConnectionId: string;
  debtorEmail: string;
  saleErrorId: string;
}

/** One tenant with rows in every table doorzet has, `sales` synced sales among them. */
export async function fillTenant(db: Db, vault: Vault, options: { name?: string; sales?: number } = {}): Promise<FilledTenant> {
  const [tenant] = await db.insert(tenants).values({
    name: options.name ?? `Bakkerij ${AWKWARD}`, address: 'Dorpsstraat 1', postcode: '1234 AB', city: 'Ergenshuizen',
    iban: 'NL91ABNA0417164300', vatNumber: null, contractStartsOn: '2025-01-01', contractEndsOn: null,
  }).returning({ id: tenants.id });
  const tenantId = tenant!.id;
  const sourceConnectionId = randomUUID();
  const targetConnectionId = randomUUID();
  await upsertConnection(db, {
    id: sourceConnectionId, tenantId, role: 'source', vendor: 'woocommerce', baseUrl: 'https://shop.example',
    settings: { webhooks: true }, sealedCredentials: await vault.seal(tenantId, sourceConnectionId, { consumerKey: 'ck_x', consumerSecret: 'cs_y' }),
  });
  await upsertConnection(db, {
    id: targetConnectionId, tenantId, role: 'target', vendor: 'moneybird', baseUrl: 'https://moneybird.example',
    settings: { rateLimit: { limit: 150, windowMs: 300_000 } }, sealedCredentials: await vault.seal(tenantId, targetConnectionId, { apiToken: 't' }),
  });
  // The vault's reads land in credential_access_log.
  await vault.open(tenantId, sourceConnectionId, (await vault.seal(tenantId, sourceConnectionId, { probe: true })), { actor: 'test', purpose: 'fixture' });

  const sales = options.sales ?? 50;
  const rows = Array.from({ length: sales }, (_, i) => ({
    tenantId, source: 'woocommerce', externalId: String(10_000 + i), orderNumber: i % 7 === 0 ? null : `WC-${10_000 + i}`,
    state: i % 5 === 0 ? 'claimed' as const : 'posted' as const,
    amountExclCents: i % 5 === 0 ? null : 1000 + i, amountInclCents: i % 5 === 0 ? null : 1210 + i,
    targetDocumentId: i % 5 === 0 ? null : `inv-${i}`, postedAt: i % 5 === 0 ? null : new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  }));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(syncedSales).values(rows.slice(i, i + 1000));

  const debtorEmail = `klant-${randomUUID().slice(0, 6)}@example.nl`;
  await db.insert(debtors).values([
    { tenantId, source: 'woocommerce', sourceCustomerId: '77', email: debtorEmail, targetContactId: 'c-77' },
    { tenantId, source: 'woocommerce', sourceCustomerId: null, email: `guest-${randomUUID().slice(0, 6)}@example.nl`, targetContactId: 'c-78' },
  ]);
  const [error] = await db.insert(saleErrors).values({
    tenantId, source: 'woocommerce', externalId: '10003', orderNumber: 'WC-10003', code: 'DEBTOR_EMAIL_INVALID', cause: 'validation',
    template: 'Order {orderNumber}: the e-mail address {email} is refused', params: { orderNumber: 'WC-10003', note: AWKWARD },
    pii: { email: debtorEmail }, workflowId: 'sale:x', runId: 'r1', redactAt: new Date(Date.UTC(2030, 3, 1)),
  }).returning({ id: saleErrors.id });
  await db.insert(tenantSettings).values({ tenantId, settings: { homeCountry: 'BE', ossRegistered: false, invoiceState: 'draft' } });
  await db.insert(syncCursors).values({ tenantId, cursor: JSON.stringify({ modifiedAfter: '2026-01-01T00:00:00Z', page: 2 }) });
  await db.insert(targetCalls).values([{ connectionId: targetConnectionId }, { connectionId: targetConnectionId }]);
  await db.insert(targetBudgetHolds).values({ connectionId: targetConnectionId, until: new Date(Date.UTC(2030, 0, 1)) });
  await db.insert(tenantInvoices).values({ tenantId, number: `INV-${randomUUID().slice(0, 8)}`, amountInclCents: 4_900, issuedOn: '2026-01-31' });
  const [user] = await db.insert(users).values({
    email: `owner-${randomUUID().slice(0, 6)}@example.nl`, accountKey: randomUUID().replace(/-/g, ''), passwordHash: '$argon2id$v=19$fake', role: 'tenant', tenantId,
  }).returning({ id: users.id });
  await db.insert(sessions).values({ tokenHash: randomUUID(), userId: user!.id, expiresAt: new Date(Date.UTC(2030, 0, 1)) });
  await db.insert(loginThrottle).values({ key: `ip:${randomUUID().slice(0, 6)}`, failures: 3, lockedUntil: null });
  await db.insert(accessRegister).values({ tenantId, actor: 'ops:someone', action: 'GET /tenants/{tenantId}/errors', reason: AWKWARD });
  await db.insert(platformLog).values({ tenantId, actor: 'test', action: 'fixture', message: AWKWARD });
  await db.insert(accessAnalytics).values({ ipPrefix: '192.0.2', method: 'GET', route: '/health', status: 200 });
  await db.insert(retentionTimers).values({ tenantId, rule: 'errorRecordRedaction', subjectId: error!.id, workflowId: `error-redaction:${error!.id}`, dueAt: new Date(Date.UTC(2030, 3, 1)) });
  await db.insert(webhookDeliveries).values({ connectionId: sourceConnectionId, deliveryId: randomUUID() });
  const share = { externalId: 'pos-1', orderNumber: 'POS-1', currency: 'EUR', lines: [], giftCardPaymentsCents: 0, totalExclCents: 1_000, totalInclCents: 1_210, locationName: AWKWARD };
  await db.insert(posDaySales).values({ tenantId, source: 'shopify', externalId: 'pos-1', location: 'loc-1', businessDay: '2026-01-02', share, batch: 1 });
  await db.insert(posDayBatches).values({
    tenantId, source: 'shopify', location: 'loc-1', businessDay: '2026-01-02', batch: 1, state: 'booked', reference: 'POS-loc-1-2026-01-02-1',
    sales: 1, amountExclCents: 1_000, amountInclCents: 1_210, targetDocumentId: 'inv-pos-1', bookedAt: new Date(Date.UTC(2026, 0, 3)),
  });
  await db.insert(alertSettings).values({ tenantId, emails: [`alerts-${randomUUID().slice(0, 6)}@example.nl`], sealedSlackWebhook: await vault.seal(tenantId, randomUUID(), { url: 'https://hooks.example/x' }) });
  await db.insert(alertsSent).values({ tenantId, kind: 'sale-error', dedupKey: `DEBTOR_EMAIL_INVALID:${randomUUID()}`, subject: AWKWARD, emailSentAt: new Date(Date.UTC(2026, 0, 4)) });
  const [breach] = await db.insert(dataBreaches).values({ description: AWKWARD, foundAt: new Date(Date.UTC(2026, 0, 5)), recordedBy: 'ops:someone' }).returning({ id: dataBreaches.id });
  await db.insert(dataBreachTenants).values({ breachId: breach!.id, tenantId });
  await db.insert(syncedRefunds).values({ tenantId, source: 'woocommerce', orderExternalId: '1', refundExternalId: '11', orderNumber: AWKWARD, state: 'credited', amountExclCents: 413, amountInclCents: 500, targetDocumentId: 'cn-1', creditedAt: new Date(Date.UTC(2026, 0, 6)) });
  await db.insert(saleVersions).values({
    tenantId, source: 'woocommerce', externalId: '1', version: 2, reference: 'WC-1-2', state: 'posted', amountExclCents: 826, amountInclCents: 1_000,
    breakdown: [{ ledgerKey: 'revenue-domestic', vatRateBp: 2_100, vatCountry: 'NL', regime: 'domestic', exclCents: 826, vatCents: 174 }], creditNoteDocumentId: 'cn-2', targetDocumentId: 'inv-2',
  });
  await db.insert(completenessReports).values({
    tenantId, day: '2026-01-07', missingOrders: ['WC-9'], missingRefunds: [],
    counts: { shopOrders: 3, posted: 2, skipped: 0, failed: 0, missing: 1, shopRefunds: 1, credited: 1, refundsWaiting: 0, refundsMissing: 0 },
  });
  // Read models and day redaction timers (issue 16).
  await db.insert(syncStatus).values({
    tenantId, workflowId: `tenant-sync:${tenantId}`, runId: randomUUID(), state: 'paused', pausedReason: AWKWARD, pausedBy: 'merchant',
    pausedSince: new Date(Date.UTC(2026, 0, 8)), cursor: JSON.stringify({ modifiedAfter: '2026-01-08T00:00:00Z' }), queued: 2, inFlight: 1,
    lastPollAt: new Date(Date.UTC(2026, 0, 8, 1)), lastPollError: null, nextPollAt: null,
    counts: { posted: 40, skippedDuplicate: 1, changedAfterPosting: 0, failed: 1 }, writtenAt: new Date(Date.UTC(2026, 0, 8, 1, 0, 0, 123)),
  });
  await db.insert(saleJourneys).values({
    tenantId, source: 'woocommerce', externalId: '10003', orderNumber: 'WC-10003', state: 'failed', workflowId: 'sale:x', runId: 'r1',
    attempt: 3, pendingStep: null, lastErrorCode: 'DEBTOR_EMAIL_INVALID', targetDocumentId: null, closedAt: new Date(Date.UTC(2026, 0, 8, 2)),
  });
  await db.insert(redactionDays).values({ tenantId, dueDay: '2030-04-01', workflowId: `error-redaction-day:${tenantId}:2030-04-01`, startedAt: new Date(Date.UTC(2026, 0, 8, 3)) });
  // Exact Online's OAuth tables (issue 13): a pending authorization and a connection's sealed tokens.
  await db.insert(oauthStates).values({
    stateHash: randomUUID(), tenantId, role: 'target', vendor: 'exact-online', baseUrl: 'https://start.exactonline.example', sessionHash: randomUUID(),
    userId: user!.id, bindingHash: randomUUID(), returnTo: null, expiresAt: new Date(Date.UTC(2030, 0, 1)),
  });
  const issued = new Date(Date.UTC(2026, 0, 8));
  await db.insert(oauthTokens).values({
    connectionId: targetConnectionId, tenantId, vendor: 'exact-online', baseUrl: 'https://start.exactonline.example', version: 3,
    sealedAccessToken: await vault.seal(tenantId, targetConnectionId, 'access-token', ACCESS_SLOT), accessIssuedAt: issued, accessExpiresAt: new Date(issued.getTime() + 600_000),
    sealedRefreshToken: await vault.seal(tenantId, targetConnectionId, 'refresh-token', REFRESH_SLOT), refreshIssuedAt: issued, refreshExpiresAt: new Date(Date.UTC(2026, 0, 38)),
    lastUsedAt: null, rejectedVersion: null, deadAt: null, deadReason: AWKWARD,
  });
  return { tenantId, sourceConnectionId, debtorEmail, saleErrorId: error!.id };
}
