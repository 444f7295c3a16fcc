import { describe, expect, it } from 'vitest';
import { wooCommerceWebhook } from './webhook';

const body = (payload: object) => new TextEncoder().encode(JSON.stringify(payload));
const headers = new Headers({ 'x-wc-webhook-resource': 'order', 'x-wc-webhook-topic': 'order.updated' });

describe('WooCommerce order webhooks', () => {
  it('carry the order\'s refund ids and status, so a refund needs no extra read', () => {
    expect(wooCommerceWebhook.parse(body({ id: 723, status: 'completed', date_modified_gmt: '2017-03-21T19:54:51', refunds: [{ id: 726, reason: '', total: '-10.00' }, { id: 724, reason: '', total: '-9.00' }] }), headers))
      .toEqual({ kind: 'order', externalId: '723', modifiedAt: '2017-03-21T19:54:51Z', refunds: ['726', '724'] });
    expect(wooCommerceWebhook.parse(body({ id: 9, status: 'cancelled', refunds: [] }), headers)).toEqual({ kind: 'order', externalId: '9', refunds: [], bookable: false, cancelled: true });
    expect(wooCommerceWebhook.parse(body({ id: 10, status: 'pending' }), headers)).toEqual({ kind: 'order', externalId: '10', bookable: false });
    expect(wooCommerceWebhook.parse(body({ id: 11 }), headers)).toEqual({ kind: 'order', externalId: '11' });
  });
});
