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
  // No reserve kept free: every request (master-data reads included) is reserved right before it goes out, and
  // runs from before the per-request budget reserve in the workflow on top of that. 6 of 60 was 10 % lost.
  auth: 'oauth2',
  oauth: exactOAuth,
  targetOptionsSchema: exactTargetOptionsSchema,
  currencies: 'any',
};
