import { createTokenClient } from '../../oauth';
import type { TargetModule } from '../../vendor';
import { createExactTarget } from './client';
import { exactOnlineDescriptor } from './descriptor';
import { classifyExactTokenError, exactOAuth } from './oauth';

export const exactOnlineModule: TargetModule = {
  ...exactOnlineDescriptor,
  createTarget(spec) {
    // The access token comes from the tenant's token keeper; without one nothing can be called.
    return createExactTarget({ baseUrl: spec.baseUrl, accessToken: spec.accessToken ?? '', division: spec.administration ?? null, timeoutMs: spec.timeoutMs, budget: spec.budget });
  },
  createOAuthClient(spec) {
    return createTokenClient({ ...spec, vendor: 'exact-online', tokenUrl: exactOAuth.tokenUrl(spec.baseUrl), classify: classifyExactTokenError });
  },
};
