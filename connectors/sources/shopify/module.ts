import type { SourceModule } from '../../vendor';
import { createShopifySource } from './client';
import { shopifyCredentialsSchema } from './credentials';
import { shopifyDescriptor } from './descriptor';

export const shopifyModule: SourceModule = {
  ...shopifyDescriptor,
  createSource(spec) {
    const credentials = shopifyCredentialsSchema.parse(spec.credentials);
    return createShopifySource({ baseUrl: spec.baseUrl, accessToken: credentials.accessToken, timeoutMs: spec.timeoutMs });
  },
};
