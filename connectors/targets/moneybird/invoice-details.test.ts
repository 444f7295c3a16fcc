import { describe, expect, it } from 'vitest';
import type { Sale, SaleLine } from '../../../domain/sale';
import { ConnectorError } from '../../errors';
import { invoiceDetailsFor } from './invoice-details';

const rates = [
  { id: '11', vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic' },
  { id: '12', vatRateBp: 900 },
];
const line = (quantity: number, totalExclCents: number, vatRateBp = 2100): SaleLine => ({ kind: 'product', description: 'Theepot', quantity, totalExclCents, vatCents: 0, vatRateBp, vatCountry: 'NL', regime: 'domestic' });
const saleWith = (lines: SaleLine[]): Sale => ({ lines } as Sale);

describe('invoiceDetailsFor', () => {
  it('books qty × unit price only when the line total divides exactly', () => {
    expect(invoiceDetailsFor(saleWith([line(2, 4986)]), rates)).toEqual([{ description: 'Theepot', amount: '2', price: '24.93', tax_rate_id: '11' }]);
    expect(invoiceDetailsFor(saleWith([line(3, 1000, 900)]), rates)).toEqual([{ description: '3 × Theepot', amount: '1', price: '10.00', tax_rate_id: '12' }]);
    expect(invoiceDetailsFor(saleWith([line(1, -285)]), rates)).toEqual([{ description: 'Theepot', amount: '1', price: '-2.85', tax_rate_id: '11' }]);
    expect(invoiceDetailsFor(saleWith([line(0, 100)]), rates)[0]).toMatchObject({ amount: '1', description: '0 × Theepot' });
  });

  it('fails the sale with UNKNOWN_VAT_RATE when the target has no matching tax rate', () => {
    try {
      invoiceDetailsFor(saleWith([line(1, 100), line(1, 100, 600)]), rates);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code: 'UNKNOWN_VAT_RATE', retryable: false });
    }
  });
});
