import { describe, expect, it } from 'vitest';
import { tenantSettingsSchema } from '../../domain/tenant-settings';
import { settingsInputFromForm } from './settings-page';

describe('the settings form', () => {
  const form = { homeCountry: 'NL', invoiceState: 'final', zeroValueOrders: 'book', correctionPolicy: 'correct', posBooking: 'per-order' };

  it('keeps the settings it does not show (where the sync starts, the till-day delay) when it saves', () => {
    const saved = tenantSettingsSchema.parse({ syncFrom: '2026-01-01', posDayCloseDelayMinutes: 90 });
    const input = tenantSettingsSchema.parse(settingsInputFromForm(form, saved));
    expect(input).toMatchObject({ syncFrom: '2026-01-01', posDayCloseDelayMinutes: 90, correctionPolicy: 'correct' });
  });
});
