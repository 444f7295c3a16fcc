import type { TargetDescriptor } from '../../vendor';
import { odooCredentialsSchema } from './credentials';
import { odooDefaultRateLimit } from './rate-limit';

/** Odoo 17, 18 (XML-RPC) and 19 (JSON-2): https://www.odoo.com/documentation/19.0/developer/reference/external_api.html */
export const odooDescriptor: TargetDescriptor = {
  role: 'target',
  vendor: 'odoo',
  displayName: 'Odoo',
  docsUrl: 'https://www.odoo.com/documentation/19.0/developer/reference/external_api.html',
  credentialsSchema: odooCredentialsSchema,
  // Every merchant has an instance of their own.
  defaultBaseUrl: null,
  baseUrlHelp: 'The root of the Odoo instance, e.g. https://mycompany.odoo.com or https://erp.example.nl (no /odoo or /web path).',
  rateLimits: [odooDefaultRateLimit],
  auth: 'credentials',
  currencies: 'any',
};
