import type { Db } from '../client';
import { platformLog } from '../schema';

/** A log line of an action on the platform (kept one month). `message` must hold no personal data. */
export async function appendPlatformLog(db: Db, line: { tenantId: string | null; actor: string; action: string; message: string }): Promise<void> {
  await db.insert(platformLog).values(line);
}
