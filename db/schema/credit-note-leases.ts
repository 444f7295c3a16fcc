import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

/**
 * One credit note per original document at a time. A target's credit note can be several writes (e.g.
 * duplicate the invoice as a credit, edit its rows, send it) and a retry resumes from an unmarked copy; two
 * credit notes of one invoice in flight at once could resume from each other's copy. The lease is held for one
 * activity attempt (holder: workflow id and attempt) and lapses at `expiresAt` if its worker died holding it.
 * Holds no personal data; transient, so not backed up.
 */
export const creditNoteLeases = pgTable('credit_note_leases', {
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  originalDocumentId: text().notNull(),
  holder: text().notNull(),
  expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.originalDocumentId] })]);
