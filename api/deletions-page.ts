import { z } from '@hono/zod-openapi';
import type { DeletionKey } from '../db/queries/pending-deletions-page';
import { fieldError } from './errors';

/** Pending deletions per page: a tenant with months of failed orders has tens of thousands. */
export const DELETIONS_DEFAULT_LIMIT = 100;
export const DELETIONS_MAX_LIMIT = 1_000;

export const DeletionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(DELETIONS_MAX_LIMIT).default(DELETIONS_DEFAULT_LIMIT)
    .openapi({ description: `Rows per page, 1–${DELETIONS_MAX_LIMIT} (default ${DELETIONS_DEFAULT_LIMIT})`, example: DELETIONS_DEFAULT_LIMIT }),
  cursor: z.string().max(512).regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor of this list.').optional()
    .openapi({ description: 'The `nextCursor` of the previous page (opaque); leave out for the first page' }),
});

const CursorSchema = z.object({ d: z.iso.datetime(), w: z.string().min(1).max(300), s: z.string().min(1).max(300) }).strict();

/** The opaque cursor: the sort key of a page's last row (due time, workflow id, subject id), base64url JSON. */
export function encodeDeletionsCursor(key: DeletionKey): string {
  return Buffer.from(JSON.stringify({ d: key.dueAt.toISOString(), w: key.workflowId, s: key.subjectId })).toString('base64url');
}

/** The cursor back to its key; anything this API did not hand out is a 400 naming `cursor`. */
export function decodeDeletionsCursor(cursor: string): DeletionKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fieldError('cursor', 'Not a cursor of this list.');
  }
  const key = CursorSchema.safeParse(parsed);
  if (!key.success) throw fieldError('cursor', 'Not a cursor of this list.');
  return { dueAt: new Date(key.data.d), workflowId: key.data.w, subjectId: key.data.s };
}

/** The next page's address, relative to the API's root. */
export function nextDeletionsLink(tenantId: string, limit: number, cursor: string): string {
  return `/tenants/${tenantId}/deletions?${new URLSearchParams({ limit: String(limit), cursor }).toString()}`;
}
