import type { TargetDescriptor } from '../../vendor';
import { moneybirdCredentialsSchema } from './credentials';
import { moneybirdRateLimit } from './rate-limit';

/** Moneybird API v2: https://developer.moneybird.com/ */
export const moneybirdDescriptor: TargetDescriptor = {
  role: 'target',
  vendor: 'moneybird',
  displayName: 'Moneybird',
  docsUrl: 'https://developer.moneybird.com/',
  credentialsSchema: moneybirdCredentialsSchema,
  defaultBaseUrl: 'https://moneybird.com',
  baseUrlHelp: 'https://moneybird.com (doorzet appends /api/v2/<administration id>); a simulator URL in tests.',
  rateLimits: [moneybirdRateLimit],
  auth: 'credentials',
  currencies: 'any',
};
