/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness';

describe('GET /me and GET /tenants', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('says who the session belongs to', async () => {
    const tenantId = await h.createTenant();
    const user = await h.createUser('tenant', tenantId);
    const res = await h.request('GET', '/me', { token: await h.login(user) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: user.id, email: user.email, role: 'tenant', tenantId });
    expect((await h.request('GET', '/me')).status).toBe(401);
  });

  it('pages through the tenants for ops only, by name', async () => {
    for (const name of ['Zeeuwse Zoetwaren', 'Amsterdamse Appels', 'Bossche Bollen']) await h.createTenant(name);
    const ops = await h.login(await h.createUser('ops'));
    const first = await h.request('GET', '/tenants?limit=2', { token: ops });
    expect(first.status).toBe(200);
    expect(first.body.tenants.map((t: { name: string }) => t.name)).toEqual(['Amsterdamse Appels', 'Bossche Bollen']);
    expect(first.body.total).toBeGreaterThanOrEqual(3);
    expect(first.body.nextOffset).toBe(2);
    const search = await h.request('GET', '/tenants?search=zoet', { token: ops });
    expect(search.body.tenants.map((t: { name: string }) => t.name)).toEqual(['Zeeuwse Zoetwaren']);
    expect(search.body.nextOffset).toBeNull();
    const merchant = await h.login(await h.createUser('tenant', await h.createTenant()));
    expect((await h.request('GET', '/tenants', { token: merchant })).status).toBe(403);
  });
});
