import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from './errors';
import { createAccountingTarget, createSalesSource } from './registry';
import { wooCommerceCredentialsSchema } from './sources/woocommerce/credentials';
import { moneybirdCredentialsSchema } from './targets/moneybird/credentials';
import { startWooSimulator } from './sources/woocommerce/simulator';
import type { WooSimulator } from './sources/woocommerce/simulator';
import { startMoneybirdSimulator } from './targets/moneybird/simulator';
import type { MoneybirdSimulator } from './targets/moneybird/simulator';

let woo: WooSimulator;
let mb: MoneybirdSimulator;
beforeAll(async () => {
  woo = await startWooSimulator({ initialOrders: 2 });
  mb = await startMoneybirdSimulator();
});
afterAll(async () => {
  await woo.stop();
  await mb.stop();
});

describe('registry', () => {
  it('builds working connectors from validated connection settings', async () => {
    const source = createSalesSource({ vendor: 'woocommerce', baseUrl: woo.url, credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret } });
    const target = createAccountingTarget({ vendor: 'moneybird', baseUrl: mb.url, credentials: { apiToken: mb.token, administrationId: mb.administrationId }, timeoutMs: 5_000 });
    const page = await source.listChangedOrders('2000-01-01T00:00:00Z', null);
    expect(page.orders).toHaveLength(2);
    const sale = await source.getSale(page.orders[0]!.externalId);
    const { id } = await target.createContact({ ...sale.debtor, vatNumber: '', customerReference: `WC-${sale.debtor.sourceCustomerId ?? 'guest'}` });
    const doc = await target.createInvoice(sale, id, { invoiceState: 'draft', ledgerAccounts: {} });
    expect(doc.totalInclCents).toBe(sale.totalInclCents);
  });

  it('rejects plain http to a non-loopback host', () => {
    expect(() =>
      createAccountingTarget({ vendor: 'moneybird', baseUrl: 'http://moneybird.com', credentials: { apiToken: mb.token, administrationId: mb.administrationId } }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION', details: { issues: [expect.objectContaining({ path: 'baseUrl' })] } }) as Error);
    expect(() =>
      createSalesSource({ vendor: 'woocommerce', baseUrl: 'http://192.168.1.20', credentials: { consumerKey: 'ck_1', consumerSecret: 'cs_1' } }),
    ).toThrow(ConnectorError);
  });

  it('validates credentials by field without echoing them', () => {
    try {
      createSalesSource({ vendor: 'woocommerce', baseUrl: 'https://shop.example.nl', credentials: { consumerKey: 'secret-key-value', consumerSecret: 'cs_ok' } });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'VALIDATION', details: { issues: [expect.objectContaining({ path: 'credentials.consumerKey' })] } });
      expect(JSON.stringify((error as ConnectorError).details)).not.toContain('secret-key-value');
      expect((error as Error).message).not.toContain('secret-key-value');
    }
    expect(moneybirdCredentialsSchema.safeParse({ apiToken: 'x'.repeat(40), administrationId: 'abc' }).success).toBe(false);
    expect(wooCommerceCredentialsSchema.safeParse({ consumerKey: 'ck_abc', consumerSecret: 'cs_def' }).success).toBe(true);
  });
});
