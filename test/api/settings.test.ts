/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, NOT_FOUND_BODY, type Harness } from './harness';

describe('API: tenant settings', () => {
  let h: Harness;
  let tenantId: string;
  let otherTenantId: string;
  let tenantToken: string;

  beforeAll(async () => {
    h = await createHarness();
    tenantId = await h.createTenant('Fietsenmaker');
    otherTenantId = await h.createTenant('Bloemist');
    tenantToken = await h.login(await h.createUser('tenant', tenantId));
  });
  afterAll(async () => {
    h.expectNoSecretsLeaked();
    await h.close();
  });

  it('answers the defaults for a new tenant: a Dutch merchant registered for OSS, invoices final', async () => {
    const res = await h.request('GET', `/tenants/${tenantId}/settings`, { token: tenantToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      homeCountry: 'NL', ossRegistered: true, invoiceState: 'final', zeroValueOrders: 'book', correctionPolicy: 'report',
      posBooking: 'per-order', posDayCloseDelayMinutes: 30, ledgerAccounts: {}, targetOptions: {}, syncFrom: null,
    });
  });

  it('stores what the merchant chose and keeps it', async () => {
    const put = await h.request('PUT', `/tenants/${tenantId}/settings`, {
      token: tenantToken, json: { invoiceState: 'draft', correctionPolicy: 'correct', ledgerAccounts: { shipping: '8010', 'gift-card': '1600' } },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ invoiceState: 'draft', correctionPolicy: 'correct', homeCountry: 'NL', ledgerAccounts: { shipping: '8010', 'gift-card': '1600' } });
    const get = await h.request('GET', `/tenants/${tenantId}/settings`, { token: tenantToken });
    expect(get.body).toEqual(put.body);
  });

  it('names each invalid field and stores nothing', async () => {
    const res = await h.request('PUT', `/tenants/${tenantId}/settings`, {
      token: tenantToken, json: { homeCountry: 'nl', invoiceState: 'sent', ledgerAccounts: { revenue: '8000' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((d: { path: string }) => d.path).sort()).toEqual(['homeCountry', 'invoiceState', 'ledgerAccounts']);
    expect((await h.request('GET', `/tenants/${tenantId}/settings`, { token: tenantToken })).body.invoiceState).toBe('draft');
  });

  it('PATCH changes only the fields sent: the chosen sync start and the rest stay as stored', async () => {
    const put = await h.request('PUT', `/tenants/${tenantId}/settings`, {
      token: tenantToken, json: { invoiceState: 'draft', syncFrom: '2026-03-01', ledgerAccounts: { shipping: '8010' } },
    });
    expect(put.status).toBe(200);
    const patched = await h.request('PATCH', `/tenants/${tenantId}/settings`, { token: tenantToken, json: { correctionPolicy: 'correct' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...put.body, correctionPolicy: 'correct' });
    expect((await h.request('GET', `/tenants/${tenantId}/settings`, { token: tenantToken })).body).toEqual(patched.body);

    const bad = await h.request('PATCH', `/tenants/${tenantId}/settings`, { token: tenantToken, json: { invoiceState: 'sent' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((d: { path: string }) => d.path)).toEqual(['invoiceState']);
    expect((await h.request('PATCH', `/tenants/${otherTenantId}/settings`, { token: tenantToken, json: {} })).body).toEqual(NOT_FOUND_BODY);
  });

  it("keeps another tenant's settings out of reach", async () => {
    const res = await h.request('GET', `/tenants/${otherTenantId}/settings`, { token: tenantToken });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND_BODY);
  });
});
