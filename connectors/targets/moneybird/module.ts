import type { TargetModule } from '../../vendor';
import { createMoneybirdTarget } from './client';
import { moneybirdCredentialsSchema } from './credentials';
import { moneybirdDescriptor } from './descriptor';

export const moneybirdModule: TargetModule = {
  ...moneybirdDescriptor,
  createTarget(spec) {
    const credentials = moneybirdCredentialsSchema.parse(spec.credentials);
    return createMoneybirdTarget({ baseUrl: spec.baseUrl, ...credentials, timeoutMs: spec.timeoutMs, budget: spec.budget });
  },
};
