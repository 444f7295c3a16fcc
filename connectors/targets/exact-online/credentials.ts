import { z } from 'zod';

/**
 * Nothing is typed in for Exact Online: the merchant connects through OAuth (`.../connections/target/oauth/start`)
 * and picks a division afterwards. The tokens live in the token keeper's sealed store, never in this object.
 */
export const exactCredentialsSchema = z.object({});

export type ExactCredentials = z.infer<typeof exactCredentialsSchema>;
