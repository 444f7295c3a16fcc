import type { TargetDescriptor } from '../../vendor';
import { exactCredentialsSchema } from './credentials';
import { exactOAuth } from './oauth';
import { exactRateLimits } from './rate-limit';
import { exactTargetOptionsSchema } from './target-options';

/** Exact Online REST API v1: https://start.exactonline.nl/docs/HlpRestAPIResources.aspx */
export const exactOnlineDescriptor: TargetDescriptor = {
  role: 'target',
  vendor: 'exact-online',
  displayName: 'Exact Online',
  docsUrl: 'https://start.exactonline.nl/docs/HlpRestAPIResources.aspx',
  credentialsSchema: exactCredentialsSchema,
  defaultBaseUrl: 'https://start.exactonline.nl',
  baseUrlHelp: 'The Exact Online site of the administration: https://start.exactonline.nl (also .be, .de, .co.uk, .fr, .es, .com); doorzet appends /api/v1/<division>. A simulator URL in tests.',
  rateLimits: exactRateLimits,
  // Headroom for reads a workflow-level reservation does not count (runs from before the per-request budget:
  // VAT codes, revenue account and journal, once per worker every ten minutes). Per request, every call counts.
  rateLimitReserve: 6,
  auth: 'oauth2',
  oauth: exactOAuth,
  targetOptionsSchema: exactTargetOptionsSchema,
  currencies: 'any',
};
