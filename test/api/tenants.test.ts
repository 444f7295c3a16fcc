/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { credentialRetentionWorkflowId } from '../../domain/workflow-ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, NOT_FOUND_BODY, type Harness } from './harness';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('API: tenants and contracts', () => {
  let h: Harness;
  let opsToken: string;
  let tenantId: string;
  let otherTenantId: string;
  let tenantToken: string;

  beforeAll(async () => {
    h = await createHarness();
    opsToken = await h.login(await h.createUser('ops'));
    tenantId = await h.createTenant('Bakkerij Brood');
    otherTenantId = await h.createTenant('Slagerij Vlees');
    tenantToken = await h.login(await h.createUser('tenant', tenantId));
  });
  afterAll(async () => {
    h.expectNoSecretsLeaked();
    await h.close();
  });

  describe('POST /tenants', () => {
    it('creates a tenant with a checked IBAN and VAT number, normalised (ops)', async () => {
      const res = await h.request('POST', '/tenants', {
        token: opsToken,
        json: { name: 'Kaaswinkel', address: 'Markt 1', postcode: '1234 AB', city: 'Gouda', iban: 'nl91 abna 0417 1643 00', vatNumber: 'NL 123456789 B01', plan: 'plus' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Kaaswinkel', city: 'Gouda', country: 'NL', iban: 'NL91ABNA0417164300', vatNumber: 'NL123456789B01', plan: 'plus',
        contract: { startsOn: null, endsOn: null },
      });
    });

    it('names each invalid field (400)', async () => {
      const res = await h.request('POST', '/tenants', { token: opsToken, json: { name: '', iban: 'NL91ABNA0417164301', vatNumber: 'NL12345', country: 'nl' } });
      expect(res.status).toBe(400);
      const fields = res.body.error.fields as { path: string; message: string }[];
      expect(fields.map((f) => f.path).sort()).toEqual(['country', 'iban', 'name', 'vatNumber']);
      expect(fields.find((f) => f.path === 'iban')?.message).toMatch(/check digits/);
      expect(fields.find((f) => f.path === 'vatNumber')?.message).toMatch(/NL123456789B01/);
    });

    it('is for ops only (403) and needs a session (401)', async () => {
      expect((await h.request('POST', '/tenants', { token: tenantToken, json: { name: 'Mine' } })).status).toBe(403);
      expect((await h.request('POST', '/tenants', { json: { name: 'Mine' } })).status).toBe(401);
    });
  });

  describe('GET and PATCH /tenants/:tenantId', () => {
    it('shows the tenant to its users and to ops', async () => {
      for (const token of [tenantToken, opsToken]) {
        const res = await h.request('GET', `/tenants/${tenantId}`, { token });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: tenantId, name: 'Bakkerij Brood' });
      }
    });

    it("answers another tenant's id exactly as a missing one (404)", async () => {
      const other = await h.request('GET', `/tenants/${otherTenantId}`, { token: tenantToken });
      const missing = await h.request('GET', `/tenants/${MISSING}`, { token: tenantToken });
      const missingForOps = await h.request('GET', `/tenants/${MISSING}`, { token: opsToken });
      for (const res of [other, missing, missingForOps]) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual(NOT_FOUND_BODY);
      }
      const patch = await h.request('PATCH', `/tenants/${otherTenantId}`, { token: tenantToken, json: { city: 'Utrecht' } });
      expect(patch.body).toEqual(NOT_FOUND_BODY);
    });

    it('validates the tenant id (400 for ops, 404 for tenant users)', async () => {
      const ops = await h.request('GET', '/tenants/not-a-uuid', { token: opsToken });
      expect(ops.status).toBe(400);
      expect(ops.body.error.fields).toEqual([{ path: 'tenantId', message: 'Invalid UUID' }]);
      expect((await h.request('GET', '/tenants/not-a-uuid', { token: tenantToken })).status).toBe(404);
    });

    it('needs a session (401)', async () => {
      expect((await h.request('GET', `/tenants/${tenantId}`)).status).toBe(401);
      expect((await h.request('PATCH', `/tenants/${tenantId}`, { json: { city: 'Delft' } })).status).toBe(401);
    });

    it('updates NAW, IBAN and VAT number; the plan only for ops', async () => {
      const res = await h.request('PATCH', `/tenants/${tenantId}`, {
        token: tenantToken, json: { address: 'Dorpsstraat 2', city: 'Delft', iban: 'BE68 5390 0754 7034', vatNumber: null },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ address: 'Dorpsstraat 2', city: 'Delft', iban: 'BE68539007547034', vatNumber: null });
      expect((await h.request('PATCH', `/tenants/${tenantId}`, { token: tenantToken, json: { plan: 'free' } })).status).toBe(403);
      const byOps = await h.request('PATCH', `/tenants/${tenantId}`, { token: opsToken, json: { plan: 'plus' } });
      expect(byOps.body.plan).toBe('plus');
    });

    it('names invalid fields (400), and refuses an empty change', async () => {
      const res = await h.request('PATCH', `/tenants/${tenantId}`, { token: tenantToken, json: { iban: 'NL00', postcode: 5 } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['iban', 'postcode']);
      expect((await h.request('PATCH', `/tenants/${tenantId}`, { token: tenantToken, json: {} })).status).toBe(400);
    });
  });

  describe('contracts', () => {
    // The harness wires the real retention hook: each change reaches the timer workflow in Temporal as a signal.
    const contractSignals = async () => {
      const history = await h.temporal.workflow.getHandle(credentialRetentionWorkflowId(tenantId)).fetchHistory();
      return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'contractChanged').length;
    };

    it('PUT sets start and end and tells the retention timer (ops)', async () => {
      const res = await h.request('PUT', `/tenants/${tenantId}/contract`, { token: opsToken, json: { startsOn: '2025-01-01', endsOn: '2025-12-31' } });
      expect(res.status).toBe(200);
      expect(res.body.contract).toEqual({ startsOn: '2025-01-01', endsOn: '2025-12-31' });
      const described = await h.temporal.workflow.getHandle(credentialRetentionWorkflowId(tenantId)).describe();
      expect(described.type).toBe('credentialRetentionWorkflow');
      expect(described.taskQueue).toBe(h.taskQueue);
      expect(await contractSignals()).toBe(1);
    });

    it('POST renew extends the end and tells the retention timer', async () => {
      const before = await contractSignals();
      const res = await h.request('POST', `/tenants/${tenantId}/contract/renew`, { token: opsToken, json: { endsOn: '2026-12-31' } });
      expect(res.status).toBe(200);
      expect(res.body.contract).toEqual({ startsOn: '2025-01-01', endsOn: '2026-12-31' });
      expect(await contractSignals()).toBe(before + 1);
      const earlier = await h.request('POST', `/tenants/${tenantId}/contract/renew`, { token: opsToken, json: { endsOn: '2026-01-01' } });
      expect(earlier.status).toBe(400);
      expect(earlier.body.error.fields[0].path).toBe('endsOn');
    });

    it('renewing without a contract is a conflict (409)', async () => {
      const fresh = await h.createTenant();
      const res = await h.request('POST', `/tenants/${fresh}/contract/renew`, { token: opsToken, json: { endsOn: '2030-01-01' } });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('NO_CONTRACT');
    });

    it('names invalid fields (400)', async () => {
      const res = await h.request('PUT', `/tenants/${tenantId}/contract`, { token: opsToken, json: { startsOn: '2025-02-30', endsOn: 'soon' } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['endsOn', 'startsOn']);
      const backwards = await h.request('PUT', `/tenants/${tenantId}/contract`, { token: opsToken, json: { startsOn: '2025-02-01', endsOn: '2025-01-01' } });
      expect(backwards.body.error.fields).toEqual([{ path: 'endsOn', message: 'The contract cannot end before it starts.' }]);
      const renew = await h.request('POST', `/tenants/${tenantId}/contract/renew`, { token: opsToken, json: {} });
      expect(renew.body.error.fields[0].path).toBe('endsOn');
    });

    it('is for ops only (403), needs a session (401), and 404s for other tenants', async () => {
      const body = { startsOn: '2025-01-01', endsOn: null };
      expect((await h.request('PUT', `/tenants/${tenantId}/contract`, { token: tenantToken, json: body })).status).toBe(403);
      expect((await h.request('PUT', `/tenants/${tenantId}/contract`, { json: body })).status).toBe(401);
      expect((await h.request('POST', `/tenants/${tenantId}/contract/renew`, { json: { endsOn: '2030-01-01' } })).status).toBe(401);
      const other = await h.request('PUT', `/tenants/${otherTenantId}/contract`, { token: tenantToken, json: body });
      expect(other.body).toEqual(NOT_FOUND_BODY);
      const otherRenew = await h.request('POST', `/tenants/${otherTenantId}/contract/renew`, { token: tenantToken, json: { endsOn: '2030-01-01' } });
      expect(otherRenew.body).toEqual(NOT_FOUND_BODY);
    });
  });
});
