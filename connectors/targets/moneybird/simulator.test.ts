import { afterEach, describe, expect, it } from 'vitest';
import { createSpecCheck } from './spec-check';
import type { SpecCheck } from './spec-check';
import { startMoneybirdSimulator } from './simulator';
import type { MoneybirdSimulator, MoneybirdSimulatorOptions } from './simulator';

let sim: MoneybirdSimulator | undefined;
let spec: SpecCheck;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
  // Every answer the simulator gave in the test matched Moneybird's published spec.
  expect(spec.violations).toEqual([]);
});

async function started(options: MoneybirdSimulatorOptions = {}): Promise<{ sim: MoneybirdSimulator; call: (method: string, path: string, body?: unknown) => Promise<Response> }> {
  spec = createSpecCheck();
  sim = await startMoneybirdSimulator({ seed: 4, onExchange: spec.onExchange, ...options });
  const s = sim;
  const call = (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${s.url}/api/v2/${s.administrationId}/${path}`, {
      method,
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { sim: s, call };
}

async function newContact(call: (method: string, path: string, body?: unknown) => Promise<Response>): Promise<string> {
  const res = await call('POST', 'contacts.json', { contact: { firstname: 'Jan', lastname: 'Jansen', send_invoices_to_email: 'jan@example.nl' } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('Moneybird simulator wire format', () => {
  it('sends RateLimit headers on every response and answers 429 as the spec says: JSON "Retry later", epoch Retry-After', async () => {
    const { sim, call } = await started();
    const ok = await call('GET', 'tax_rates.json');
    expect(ok.headers.get('ratelimit-limit')).toBe('150');
    expect(ok.headers.get('ratelimit-remaining')).toBe('149');
    expect(Number(ok.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    sim.faults.set({ rateLimitBurst: 1 });
    const limited = await call('GET', 'tax_rates.json');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toBe('Retry later');
    const retryAt = Number(limited.headers.get('retry-after'));
    // An epoch timestamp (UTC seconds) within the next second or two, equal to RateLimit-Reset.
    expect(retryAt * 1000).toBeGreaterThan(Date.now() - 1_000);
    expect(retryAt * 1000).toBeLessThanOrEqual(Date.now() + 2_000);
    expect(limited.headers.get('ratelimit-reset')).toBe(String(retryAt));
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(spec.operations.at(-1)).toBe('GET /{administration_id}/tax_rates{format} 429');
  });

  it('answers a spent real window with Retry-After at the window\'s end', async () => {
    const { call } = await started({ rateLimit: { limit: 2, windowMs: 60_000 } });
    await call('GET', 'tax_rates.json');
    const second = await call('GET', 'tax_rates.json');
    const limited = await call('GET', 'tax_rates.json');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe(second.headers.get('ratelimit-reset'));
    expect(Number(limited.headers.get('retry-after')) * 1000 - Date.now()).toBeGreaterThan(55_000);
  });

  it('answers 401 "No access to <scope>" when the token lacks the scope an endpoint needs', async () => {
    const { call } = await started({ scopes: ['estimates'] });
    const invoices = await call('GET', 'sales_invoices.json');
    expect(invoices.status).toBe(401);
    expect(await invoices.json()).toEqual({ error: 'No access to sales_invoices' });
    // contacts accept any of several scopes, estimates among them
    expect((await call('GET', 'contacts.json')).status).toBe(200);
  });

  it('answers 401 for a wrong or revoked token', async () => {
    const { sim, call } = await started();
    const wrong = await fetch(`${sim.url}/api/v2/${sim.administrationId}/contacts.json`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'Token is invalid', symbolic: { token: 'invalid' } });
    sim.revokeToken();
    expect((await call('GET', 'contacts.json')).status).toBe(401);
    sim.restoreToken();
    expect((await call('GET', 'contacts.json')).status).toBe(200);
  });

  it('pages lists with a Link header and refuses per_page over 100', async () => {
    const { call } = await started();
    for (let i = 0; i < 3; i += 1) {
      await call('POST', 'contacts.json', { contact: { company_name: `Winkel ${i}`, send_invoices_to_email: `w${i}@example.nl` } });
    }
    const first = await call('GET', 'contacts.json?per_page=2&query=winkel');
    expect(((await first.json()) as unknown[]).length).toBe(2);
    expect(first.headers.get('link')).toMatch(/page=2&?[^>]*>; rel="next"/);
    const second = await call('GET', 'contacts.json?per_page=2&page=2&query=winkel');
    expect(((await second.json()) as unknown[]).length).toBe(1);
    expect(second.headers.get('link')).not.toMatch(/rel="next"/);
    const tooMany = await call('GET', 'contacts.json?per_page=101');
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({ error: 'per_page does not have a valid value' });
  });

  it('computes VAT per tax rate on the rate total, half away from zero, with decimal-string totals', async () => {
    const { sim, call } = await started();
    const contactId = await newContact(call);
    const [r21, r9] = sim.taxRates;
    const res = await call('POST', 'sales_invoices.json', {
      sales_invoice: {
        contact_id: contactId,
        reference: 'WC-1',
        prices_are_incl_tax: false,
        // index-keyed details and a Dutch decimal comma are both accepted
        details_attributes: {
          0: { description: 'a', amount: '1', price: '0,05', tax_rate_id: r9?.id },
          1: { description: 'b', amount: '1', price: '0.05', tax_rate_id: r9?.id },
          2: { description: 'c', amount: 3, price: 0.05, tax_rate_id: r9?.id },
          3: { description: 'd', amount: '2', price: '24.95', tax_rate_id: r21?.id },
        },
      },
    });
    expect(res.status).toBe(201);
    const invoice = (await res.json()) as Record<string, unknown>;
    expect(invoice).toMatchObject({
      state: 'draft',
      reference: 'WC-1',
      total_price_excl_tax: '50.15',
      total_price_incl_tax: '60.65',
      tax_totals: [
        // 0.25 × 9 % = 0.0225 → 0.02 on the rate total (rounding per row would give 0.01)
        { tax_rate_id: r9?.id, taxable_amount: '0.25', tax_amount: '0.02' },
        // 49.90 × 21 % = 10.479 → 10.48
        { tax_rate_id: r21?.id, taxable_amount: '49.90', tax_amount: '10.48' },
      ],
    });
    expect(invoice.id).toMatch(/^\d{18}$/);
    expect(sim.counters.invoicesCreated).toBe(1);
  });

  it('takes VAT out of gross prices when prices_are_incl_tax is true', async () => {
    const { sim, call } = await started();
    const contactId = await newContact(call);
    const res = await call('POST', 'sales_invoices.json', {
      sales_invoice: { contact_id: contactId, reference: 'WC-2', prices_are_incl_tax: true, details_attributes: [{ description: 'T-shirt', amount: '2', price: '24.95', tax_rate_id: sim.taxRates[0]?.id }] },
    });
    // 49.90 incl. 21 %: VAT 8.66, excl. 41.24
    expect(await res.json()).toMatchObject({ total_price_excl_tax: '41.24', total_price_incl_tax: '49.90' });
  });

  it('answers 422 in Moneybird\'s error/details shape and 404 for an unknown reference', async () => {
    const { sim, call } = await started();
    const contactId = await newContact(call);
    const badLedger = await call('POST', 'sales_invoices.json', { sales_invoice: { contact_id: contactId, details_attributes: [{ description: 'x', price: '1', tax_rate_id: sim.taxRates[0]?.id, ledger_account_id: '1' }] } });
    expect(badLedger.status).toBe(422);
    expect(await badLedger.json()).toEqual({ error: { 'details.ledger_account_id': ['is invalid'] }, details: { 'details.ledger_account_id': [{ error: 'is invalid' }] } });
    const purchaseRate = sim.taxRates.find((r) => r.tax_rate_type === 'purchase_invoice');
    const badRate = await call('POST', 'sales_invoices.json', { sales_invoice: { contact_id: contactId, details_attributes: [{ price: '1', tax_rate_id: purchaseRate?.id }] } });
    expect(await badRate.json()).toMatchObject({ error: { 'details.tax_rate_id': ['is invalid'] } });
    const noContact = await call('POST', 'sales_invoices.json', { sales_invoice: { details_attributes: [] } });
    expect(await noContact.json()).toMatchObject({ error: { contact: ['is required'] } });
    const missing = await call('GET', 'sales_invoices/find_by_reference/1337.json');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'Sales invoice with reference: 1337 was not found', symbolic: { reference: 'not_found' } });
  });

  it('filters tax rates like Moneybird and counts requests per endpoint', async () => {
    const { sim, call } = await started();
    const rates = (await (await call('GET', 'tax_rates.json?filter=tax_rate_type:sales_invoice,percentage:21')).json()) as { percentage: string; tax_rate_type: string }[];
    expect(rates).toEqual([
      expect.objectContaining({ name: '21% btw', percentage: '21.0', tax_rate_type: 'sales_invoice', country: null }),
      expect.objectContaining({ name: 'België 21% btw', percentage: '21.0', tax_rate_type: 'sales_invoice', country: 'BE' }),
    ]);
    const german = (await (await call('GET', 'tax_rates.json?filter=tax_rate_type:sales_invoice,country:DE')).json()) as { percentage: string }[];
    expect(german.map((r) => r.percentage)).toEqual(['19.0', '7.0']);
    await call('GET', 'sales_invoices/find_by_reference/A%2F1.json');
    expect(sim.counters.byEndpoint).toMatchObject({ 'GET tax_rates.json': 2, 'GET sales_invoices/find_by_reference/:reference.json': 1 });
    expect(sim.requestLog.map((e) => e.status)).toEqual([200, 200, 404]);
  });
});
