import { describe, expect, it } from 'vitest';
import { odooCredentialsSchema } from './credentials';

const apiKey = '0123456789abcdef0123456789abcdef01234567';

describe('Odoo connection settings', () => {
  it('takes JSON-2 with the key alone, also when a form sends the unused fields empty', () => {
    expect(odooCredentialsSchema.parse({ protocol: 'json2', apiKey })).toEqual({ protocol: 'json2', apiKey });
    expect(odooCredentialsSchema.parse({ protocol: 'json2', apiKey, database: '', login: ' ' })).toEqual({ protocol: 'json2', apiKey });
  });

  it('needs database and login for XML-RPC, naming each; an empty one counts as missing', () => {
    const result = odooCredentialsSchema.safeParse({ protocol: 'xmlrpc', apiKey, database: '', login: '' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['database', 'database is required for XML-RPC'], ['login', 'login is required for XML-RPC'],
    ]);
    expect(odooCredentialsSchema.parse({ protocol: 'xmlrpc', apiKey, database: 'mycompany', login: 'admin' })).toMatchObject({ database: 'mycompany', login: 'admin' });
  });

  it('refuses a database name with characters Odoo does not allow, and an unknown protocol', () => {
    expect(odooCredentialsSchema.safeParse({ protocol: 'xmlrpc', apiKey, database: 'my db', login: 'admin' }).success).toBe(false);
    expect(odooCredentialsSchema.safeParse({ protocol: 'jsonrpc', apiKey }).success).toBe(false);
  });
});
