import { z } from 'zod';

const code = z.string().trim().min(1).max(30);

/**
 * The tenant's Exact-specific booking choices (tenant settings `targetOptions`). Every field has a
 * default, so a tenant that sets nothing books sales entries in its first sales journal.
 */
export const exactTargetOptionsSchema = z.object({
  /**
   * 'sales-entry': an entry in the sales journal (SalesEntries; booked at once, no items needed).
   * 'sales-invoice': an invoice document (SalesInvoices; needs an item, processed without e-mail when final).
   */
  booking: z.enum(['sales-entry', 'sales-invoice']).default('sales-entry'),
  /** Sales journal code; default: the administration's first sales journal (type 20). */
  journal: code.optional(),
  /** Item code on invoice lines (sales-invoice only); the line's GL account still follows the ledger mapping. */
  item: code.optional(),
  /** VAT codes where the administration's own codes cannot be told apart by percentage, listing and OSS country. */
  vatCodeDomesticZero: code.optional(),
  vatCodeExport: code.optional(),
  vatCodeReverseCharge: code.optional(),
  vatCodeOutsideScope: code.optional(),
});

export type ExactTargetOptions = z.output<typeof exactTargetOptionsSchema>;
