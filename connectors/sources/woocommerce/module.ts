import type { SourceModule } from '../../vendor';
import { createWooCommerceSource } from './client';
import { wooCommerceCredentialsSchema } from './credentials';
import { wooCommerceDescriptor } from './descriptor';

export const wooCommerceModule: SourceModule = {
  ...wooCommerceDescriptor,
  createSource(spec) {
    const credentials = wooCommerceCredentialsSchema.parse(spec.credentials);
    return createWooCommerceSource({ baseUrl: spec.baseUrl, consumerKey: credentials.consumerKey, consumerSecret: credentials.consumerSecret, timeoutMs: spec.timeoutMs });
  },
};
