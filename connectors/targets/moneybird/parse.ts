import type { z } from 'zod';
import type { HttpResponse } from '../../http';
import { unusableResponse } from '../../http-errors';
import { issuesFromZod } from '../../zod-issues';

/** A 2xx body in the shape the spec documents, or a transient SERVER_ERROR (an HTML page from a proxy, ...). */
export function parseBody<T extends z.ZodType>(schema: T, res: HttpResponse, where: string): z.output<T> {
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw unusableResponse(where, issuesFromZod(parsed.error));
  return parsed.data;
}
