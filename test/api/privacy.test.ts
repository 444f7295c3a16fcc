/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDebtorsByEmail, saveDebtor } from '../../db/queries/debtors';
import { upsertRetentionTimer, settleRetentionTimer } from '../../db/queries/retention-timers';
import { platformLog } from '../../db/schema';
import { RETENTION_RULES } from '../../domain/retention-policy';
import { plantSaleError } from './fixtures';
import { createHarness, NOT_FOUND_BODY, type Harness, type TestUser } from './harness';

describe('API: privacy (deletions, debtor access and erasure, access register)', () => {
  let h: Harness;
  let ops: TestUser;
  let opsToken: string;
  let tenantId: string;
  let otherTenantId: string;
  let token: string;

  beforeAll(async () => {
    h = await createHarness();
    ops = await h.createUser('ops');
    opsToken = await h.login(ops);
    tenantId = await h.createTenant();
    otherTenantId = await h.createTenant();
    token = await h.login(await h.createUser('tenant', tenantId));
  });
  afterAll(async () => {
    h.expectNoSecretsLeaked();
    await h.close();
  });

  describe('GET /tenants/:tenantId/deletions', () => {
    it('lists pending deletions soonest first, with what they remove, and the rules', async () => {
      const due = (days: number) => new Date(Date.now() + days * 86_400_000);
      await upsertRetentionTimer(h.db, { tenantId, rule: 'errorRecordRedaction', subjectId: 'e-2', workflowId: `error-redaction:e-2`, dueAt: due(40) });
      await upsertRetentionTimer(h.db, { tenantId, rule: 'credentialDeletion', subjectId: tenantId, workflowId: `credential-retention:${tenantId}`, dueAt: due(10) });
      await upsertRetentionTimer(h.db, { tenantId, rule: 'errorRecordRedaction', subjectId: 'e-3', workflowId: 'error-redaction:e-3', dueAt: due(5) });
      await settleRetentionTimer(h.db, 'error-redaction:e-3', 'cancelled');
      await upsertRetentionTimer(h.db, { tenantId: otherTenantId, rule: 'credentialDeletion', subjectId: otherTenantId, workflowId: `credential-retention:${otherTenantId}`, dueAt: due(1) });

      const res = await h.request('GET', `/tenants/${tenantId}/deletions`, { token });
      expect(res.status).toBe(200);
      expect(res.body.deletions.map((d: { workflowId: string }) => d.workflowId)).toEqual([`credential-retention:${tenantId}`, 'error-redaction:e-2']);
      expect(res.body.deletions[0]).toMatchObject({ rule: 'credentialDeletion', data: expect.stringContaining('credentials'), then: expect.stringContaining('two months') });
      expect(res.body.rules.map((r: { id: string }) => r.id)).toEqual(RETENTION_RULES.map((r) => r.id));
    });

    it("needs a session (401); another tenant's is a plain 404", async () => {
      expect((await h.request('GET', `/tenants/${tenantId}/deletions`)).status).toBe(401);
      expect((await h.request('GET', `/tenants/${otherTenantId}/deletions`, { token })).body).toEqual(NOT_FOUND_BODY);
      expect((await h.request('GET', '/tenants/zzz/deletions', { token: opsToken })).status).toBe(400);
    });
  });

  describe('debtors: GDPR access and erasure by e-mail', () => {
    beforeAll(async () => {
      await saveDebtor(h.db, { tenantId, source: 'woocommerce', sourceCustomerId: '42', email: 'Anna@Example.nl', targetContactId: 'mb-contact-1' });
      await saveDebtor(h.db, { tenantId: otherTenantId, source: 'woocommerce', sourceCustomerId: '9', email: 'anna@example.nl', targetContactId: 'mb-contact-9' });
      await plantSaleError(h.db, { tenantId, externalId: '801', email: 'anna@example.nl' });
      await plantSaleError(h.db, { tenantId, externalId: '802', email: 'ANNA@example.nl' });
      await plantSaleError(h.db, { tenantId, externalId: '803', email: 'piet@example.nl' });
      await plantSaleError(h.db, { tenantId: otherTenantId, externalId: '804', email: 'anna@example.nl' });
    });

    it('GET /debtors/export shows the mapping and the unredacted error records that mention the address', async () => {
      const res = await h.request('GET', `/tenants/${tenantId}/debtors/export?email=${encodeURIComponent('anna@EXAMPLE.nl')}`, { token });
      expect(res.status).toBe(200);
      expect(res.body.debtors).toEqual([{ source: 'woocommerce', sourceCustomerId: '42', email: 'anna@example.nl', targetContactId: 'mb-contact-1', createdAt: expect.any(String) }]);
      expect(res.body.errorRecords.map((e: { orderNumber: string }) => e.orderNumber).sort()).toEqual(['801', '802']);
      expect(res.body.errorRecords[0].personalData).toHaveProperty('email');
      expect(res.text).not.toContain('piet@example.nl');
      expect(res.text).not.toContain('mb-contact-9');
    });

    it('DELETE /debtors erases the mapping and redacts the error records of this tenant only', async () => {
      const res = await h.request('DELETE', `/tenants/${tenantId}/debtors?email=anna@example.nl`, { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ debtorsDeleted: 1, errorRecordsRedacted: 2 });
      const after = await h.request('GET', `/tenants/${tenantId}/debtors/export?email=anna@example.nl`, { token });
      expect(after.body).toMatchObject({ debtors: [], errorRecords: [] });
      const errors = await h.request('GET', `/tenants/${tenantId}/errors`, { token });
      expect(errors.text).not.toMatch(/anna@example\.nl/i);
      expect(errors.text).toContain('(e-mail address on the order: [removed])');
      expect(errors.text).toContain('piet@example.nl');
      expect(await findDebtorsByEmail(h.db, otherTenantId, 'anna@example.nl')).toHaveLength(1);
      const log = await h.db.select().from(platformLog).where(eq(platformLog.action, 'debtor.erased'));
      expect(log).toHaveLength(1);
      expect(JSON.stringify(log)).not.toMatch(/anna/i);
    });

    it('names a missing e-mail or order number (400)', async () => {
      for (const [method, path] of [['GET', 'debtors/export'], ['DELETE', 'debtors']]) {
        for (const query of ['', '?email=']) {
          const res = await h.request(method!, `/tenants/${tenantId}/${path}${query}`, { token });
          expect(res.status).toBe(400);
          expect(res.body.error.fields[0].path).toBe('email');
        }
      }
    });

    it("needs a session (401); another tenant's is a plain 404 and erases nothing", async () => {
      expect((await h.request('GET', `/tenants/${tenantId}/debtors/export?email=a@b.nl`)).status).toBe(401);
      expect((await h.request('DELETE', `/tenants/${tenantId}/debtors?email=a@b.nl`)).status).toBe(401);
      expect((await h.request('GET', `/tenants/${otherTenantId}/debtors/export?email=anna@example.nl`, { token })).body).toEqual(NOT_FOUND_BODY);
      expect((await h.request('DELETE', `/tenants/${otherTenantId}/debtors?email=anna@example.nl`, { token })).body).toEqual(NOT_FOUND_BODY);
      expect(await findDebtorsByEmail(h.db, otherTenantId, 'anna@example.nl')).toHaveLength(1);
    });
  });

  describe('GET /tenants/:tenantId/access-register', () => {
    it("records every ops access to the tenant's data (with the reason), and only ops access", async () => {
      const before = (await h.request('GET', `/tenants/${tenantId}/access-register`, { token })).body.entries.length;
      await h.request('GET', `/tenants/${tenantId}/errors`, { token: opsToken, headers: { 'x-access-reason': 'ticket 1234: merchant asked' } });
      await h.request('GET', `/tenants/${tenantId}`, { token: opsToken });
      await h.request('GET', `/tenants/${tenantId}/errors`, { token });
      const res = await h.request('GET', `/tenants/${tenantId}/access-register`, { token });
      expect(res.status).toBe(200);
      const entries = res.body.entries as { actor: string; action: string; reason: string }[];
      expect(entries).toHaveLength(before + 2);
      expect(entries.slice(0, 2)).toEqual([
        { at: expect.any(String), actor: `ops:${ops.id}`, action: 'GET /tenants/:tenantId', reason: 'no reason given' },
        { at: expect.any(String), actor: `ops:${ops.id}`, action: 'GET /tenants/:tenantId/errors', reason: 'ticket 1234: merchant asked' },
      ]);
      // The debtor requests above were made by the tenant: not in the register.
      expect(entries.some((e) => e.action.includes('debtors'))).toBe(false);
    });

    it("needs a session (401); another tenant's is a plain 404", async () => {
      expect((await h.request('GET', `/tenants/${tenantId}/access-register`)).status).toBe(401);
      expect((await h.request('GET', `/tenants/${otherTenantId}/access-register`, { token })).body).toEqual(NOT_FOUND_BODY);
      expect((await h.request('GET', '/tenants/1/access-register', { token: opsToken })).status).toBe(400);
    });
  });
});
