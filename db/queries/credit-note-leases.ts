import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { creditNoteLeases } from '../schema';

export interface CreditNoteLeaseKey {
  tenantId: string;
  originalDocumentId: string;
  /** Who holds it: one activity attempt (workflow id and attempt number). */
  holder: string;
}

/**
 * Takes the lease of an original document's credit notes for `ttlMs`, unless another holder has it and it has
 * not lapsed. True when this holder has it now.
 */
export async function takeCreditNoteLease(db: Db, key: CreditNoteLeaseKey, ttlMs: number): Promise<boolean> {
  const rows = await db.execute<{ holder: string }>(sql`
    insert into credit_note_leases (tenant_id, original_document_id, holder, expires_at)
    values (${key.tenantId}, ${key.originalDocumentId}, ${key.holder}, clock_timestamp() + make_interval(secs => ${ttlMs / 1000}))
    on conflict (tenant_id, original_document_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
      where credit_note_leases.expires_at < clock_timestamp() or credit_note_leases.holder = excluded.holder
    returning holder`);
  return rows.length === 1;
}

/** Gives the lease back (only this holder's; a lapsed lease taken by another stays theirs). */
export async function releaseCreditNoteLease(db: Db, key: CreditNoteLeaseKey): Promise<void> {
  await db.delete(creditNoteLeases).where(and(
    eq(creditNoteLeases.tenantId, key.tenantId), eq(creditNoteLeases.originalDocumentId, key.originalDocumentId), eq(creditNoteLeases.holder, key.holder),
  ));
}
