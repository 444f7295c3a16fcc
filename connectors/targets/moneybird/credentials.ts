import { z } from 'zod';

/** Moneybird personal API token (or OAuth access token) and the administration it books into. */
export const moneybirdCredentialsSchema = z.object({
  apiToken: z.string({ error: 'apiToken is required' }).trim().min(20, 'apiToken is too short').max(500, 'apiToken is too long'),
  administrationId: z.string({ error: 'administrationId is required' }).regex(/^\d{1,30}$/, 'expected a numeric administration id'),
});

export type MoneybirdCredentials = z.infer<typeof moneybirdCredentialsSchema>;
