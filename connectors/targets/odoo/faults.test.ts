import { describe, expect, it } from 'vitest';
import { connectorErrorOfFault, exceptionOfTraceback, faultException } from './faults';
import { safeOdooText } from './safe-text';

const fault = (exception: string, message: string, status = 422) => connectorErrorOfFault({ exception, message, status, where: 'odoo json2 account.move.create' });

describe('Odoo faults as doorzet acts on them', () => {
  it('maps each exception class onto the connector error the sale journey needs', () => {
    expect(fault('werkzeug.exceptions.Unauthorized', 'Invalid apikey', 401).code).toBe('AUTH_REVOKED');
    expect(fault('odoo.exceptions.AccessDenied', 'Access Denied', 403).code).toBe('AUTH_REVOKED');
    expect(fault('odoo.exceptions.AccessError', "You don't have the access rights to post an invoice.", 403).code).toBe('MISSING_SCOPE');
    expect(fault('odoo.exceptions.UserError', 'You need to add a line before posting.').code).toBe('VALIDATION');
    expect(fault('odoo.exceptions.MissingError', 'Record does not exist or has been deleted.', 404).code).toBe('VALIDATION');
    expect(fault('werkzeug.exceptions.NotFound', "the model 'account.move' does not exist", 404).details.issues?.[0]).toMatchObject({ code: 'unknown_model', path: 'account.move' });
    expect(fault('builtins.ValueError', "Invalid field 'foo' on model 'account.move'", 500).details.issues?.[0]).toMatchObject({ code: 'invalid_field', path: 'account.move.foo' });
    expect(fault('odoo.exceptions.LockError', 'Record(s) could not be locked.', 409)).toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    expect(fault('psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update', 500).retryable).toBe(true);
    const unknown = fault('builtins.ZeroDivisionError', 'float division by zero', 500);
    expect(unknown).toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    // Odoo discarded the transaction: never ambiguous.
    expect(unknown.details.ambiguous).toBeUndefined();
  });

  it('reads XML-RPC fault codes and tracebacks', () => {
    expect(faultException(3, 'Access Denied').exception).toBe('odoo.exceptions.AccessDenied');
    expect(faultException(4, 'x').exception).toBe('odoo.exceptions.AccessError');
    expect(faultException(2, 'x').exception).toBe('odoo.exceptions.UserError');
    const traceback = 'Traceback (most recent call last):\n  File "x.py", line 1, in f\n    g()\nodoo.exceptions.ValidationError: The operation cannot be completed:\nsecond line\n';
    expect(exceptionOfTraceback(traceback)).toEqual({ exception: 'odoo.exceptions.ValidationError', message: 'The operation cannot be completed:\nsecond line' });
    expect(faultException(1, 'Traceback (most recent call last):\nValueError: Invalid field \'x\' on model \'y\'\n')).toEqual({ exception: 'ValueError', message: "Invalid field 'x' on model 'y'" });
  });

  it('names the model and the groups of an access error, without the document kind', () => {
    const error = fault('odoo.exceptions.AccessError', "You are not allowed to create 'Journal Entry' (account.move) records.\n\nThis operation is allowed for the following groups:\n\t- Accounting / Billing\n\t- Accounting / Administrator\n\nContact your administrator to request access if necessary.", 403);
    expect(error.details.issues).toEqual([{ code: 'access_error', path: 'account.move', message: 'the Odoo user may not create account.move records (allowed for: Accounting / Billing, Accounting / Administrator)' }]);
    // The tenant sync quotes "lacks the permission <groups>" as the reason it pauses.
    expect(error.message).toContain('(the connection lacks the permission Accounting / Billing or Accounting / Administrator)');
    expect(fault('odoo.exceptions.AccessError', "You don't have the access rights to post an invoice.", 403).message).toContain('lacks the permission Billing)');
  });
});

describe('safeOdooText', () => {
  it('masks quoted values, e-mail addresses and long numbers, keeps technical names', () => {
    expect(safeOdooText('The VAT number [BE0477472701] for partner [Jan Jansen] does not seem to be valid. \nNote: the expected format is BE0477472701'))
      .toBe('The VAT number […] for partner […] does not seem to be valid. Note: the expected format is BE…');
    expect(safeOdooText("Invalid field 'foo' on model 'account.move'")).toBe("Invalid field 'foo' on model 'account.move'");
    expect(safeOdooText('Contact "Anna de Boer" (anna@example.nl) already exists')).toBe('Contact "…" (…) already exists');
  });
});
