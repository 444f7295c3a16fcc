import type { TargetModule } from '../../vendor';
import { createOdooTarget } from './client';
import { odooCredentialsSchema } from './credentials';
import { odooDescriptor } from './descriptor';

export const odooModule: TargetModule = {
  ...odooDescriptor,
  createTarget(spec) {
    return createOdooTarget({ baseUrl: spec.baseUrl, credentials: odooCredentialsSchema.parse(spec.credentials), timeoutMs: spec.timeoutMs, budget: spec.budget });
  },
};
