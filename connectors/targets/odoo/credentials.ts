import { z } from 'zod';

// A form leaves a field it does not need empty: an empty optional field is a missing one.
const blankAsMissing = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * How doorzet reaches an Odoo database: the JSON-2 API of Odoo 19 (an API key as bearer token,
 * the database only where one server hosts several) or XML-RPC for Odoo 17 and 18 (database, login
 * and an API key used as the password).
 */
export const odooCredentialsSchema = z.object({
  protocol: z.enum(['json2', 'xmlrpc'], { error: "protocol must be 'json2' (Odoo 19) or 'xmlrpc' (Odoo 17, 18)" })
    .describe('json2 for Odoo 19 and later, xmlrpc for Odoo 17 and 18'),
  apiKey: z.string({ error: 'apiKey is required' }).trim().min(16, 'apiKey is too short').max(200, 'apiKey is too long')
    .describe('An API key of the Odoo user doorzet books as (Preferences, Account Security, New API Key)'),
  database: z.preprocess(blankAsMissing, z.string().trim().min(1).max(63).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only').optional())
    .describe('The database name: required for xmlrpc; for json2 only when the server hosts several databases'),
  login: z.preprocess(blankAsMissing, z.string().trim().min(1).max(200).optional()).describe('The Odoo user\'s login: required for xmlrpc'),
}).superRefine((value, ctx) => {
  if (value.protocol !== 'xmlrpc') return;
  if (!value.database) ctx.addIssue({ code: 'custom', path: ['database'], message: 'database is required for XML-RPC' });
  if (!value.login) ctx.addIssue({ code: 'custom', path: ['login'], message: 'login is required for XML-RPC' });
});

export type OdooCredentials = z.infer<typeof odooCredentialsSchema>;
