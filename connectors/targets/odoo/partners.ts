import { createHash } from 'node:crypto';
import { z } from 'zod';
import { records } from './records';
import type { OdooRpc, OdooValue } from './rpc';

const idRecord = z.object({ id: z.number().int() });

/**
 * The partner's own key in res.partner `ref` ("Reference", a plain indexed Char in base; Odoo keeps
 * it unique nowhere): a digest of the lower-case e-mail address, so every attempt for one customer
 * writes and looks for the same value, and the address itself is not repeated in it.
 */
export function partnerKey(email: string): string {
  return `doorzet-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 20)}`;
}

/** Active partners carrying the key, oldest first. */
async function partnersWithKey(rpc: OdooRpc, key: string): Promise<number[]> {
  const found = records(idRecord, await rpc.searchRead('res.partner', [['ref', '=', key]], ['id'], { limit: 10, order: 'id' }), 'odoo res.partner');
  return found.map((p) => p.id).sort((a, b) => a - b);
}

/**
 * Creates the partner once per key. Odoo has no idempotency key and no unique e-mail, so:
 * - the key is looked up first: a create whose answer was lost (committed after the client gave
 *   up) is found by its retry instead of made again;
 * - after creating, the key is looked up again: when two workers created the same customer at
 *   once, the oldest partner wins for both (ids grow with creation, so both pick the same one)
 *   and the newer one is archived before any document uses it.
 */
export async function createKeyedPartner(rpc: OdooRpc, key: string, values: Record<string, OdooValue>): Promise<number> {
  const [existing] = await partnersWithKey(rpc, key);
  if (existing !== undefined) return existing;
  const id = await rpc.create('res.partner', { ...values, ref: key });
  const [oldest = id] = await partnersWithKey(rpc, key);
  if (oldest !== id) await rpc.write('res.partner', [id], { active: false });
  return oldest;
}
