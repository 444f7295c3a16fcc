import { ConnectorError } from '../../errors';
import type { HttpIssue } from '../../http-errors';
import { safeOdooText } from './safe-text';

/**
 * An error Odoo answered with, from either protocol: the JSON-2 error body (`name` is the fully
 * qualified Python exception, e.g. `odoo.exceptions.AccessError`) or an XML-RPC fault (faultCode 1
 * carries a traceback whose last line names the exception; 2, 3 and 4 are UserError, AccessDenied
 * and AccessError, as odoo/addons/base/controllers/rpc.py sends them on /xmlrpc/2).
 */
export interface OdooFault {
  /** Fully qualified exception name, e.g. `odoo.exceptions.ValidationError`, `werkzeug.exceptions.NotFound`. */
  exception: string;
  message: string;
  /** HTTP status (JSON-2) or 200 for an XML-RPC fault. */
  status: number;
  /** Where, for the message: `odoo json2 account.move.create`. Never holds values. */
  where: string;
}

/** XML-RPC fault codes of /xmlrpc/2 (odoo/addons/base/controllers/rpc.py). */
export const RPC_FAULT_CODE = { APPLICATION_ERROR: 1, WARNING: 2, ACCESS_DENIED: 3, ACCESS_ERROR: 4 } as const;

const shortName = (exception: string): string => exception.split('.').at(-1) ?? exception;

/** The exception named on the last `module.Class: message` line of a Python traceback. */
export function exceptionOfTraceback(traceback: string): { exception: string; message: string } | null {
  const lines = traceback.trimEnd().split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const match = /^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Denied|Fault|Unauthorized|NotFound|Entity|Request|Allowed)):\s?(.*)$/.exec(lines[i] ?? '');
    if (match) return { exception: match[1] ?? '', message: [match[2] ?? '', ...lines.slice(i + 1)].join('\n').trim() };
  }
  return null;
}

/** The exception an XML-RPC fault stands for. */
export function faultException(faultCode: number | undefined, faultString: string): { exception: string; message: string } {
  switch (faultCode) {
    case RPC_FAULT_CODE.ACCESS_DENIED: return { exception: 'odoo.exceptions.AccessDenied', message: faultString };
    case RPC_FAULT_CODE.ACCESS_ERROR: return { exception: 'odoo.exceptions.AccessError', message: faultString };
    case RPC_FAULT_CODE.WARNING: return { exception: 'odoo.exceptions.UserError', message: faultString };
    default: return exceptionOfTraceback(faultString) ?? { exception: 'builtins.Exception', message: faultString.split('\n')[0] ?? '' };
  }
}

/**
 * "You are not allowed to create 'Journal Entry' (account.move) records. … following groups: - Accounting / Billing"
 * as an issue, and the permission to grant: the groups Odoo names (the tenant sync shows it as the pause reason).
 */
function accessIssue(message: string): { issue: HttpIssue; permission: string | null } {
  const head = /You are not allowed to (\w+) '[^']*' \(([\w.]+)\) records/.exec(message);
  const groups = [...message.matchAll(/^\s*-\s+([\w /]+?)\s*$/gm)].map((m) => m[1] ?? '').filter((g) => g.length > 0 && g.length < 80);
  // account.move `_post`: posting needs the Billing group whatever the model's access rights say.
  if (/access rights to post an invoice/.test(message)) {
    return { issue: { code: 'access_error', path: 'account.move', message: 'the Odoo user may not post invoices (needs the group Billing)' }, permission: 'Billing' };
  }
  if (!head) return { issue: { code: 'access_error', path: 'odoo', message: safeOdooText(message) }, permission: null };
  const [, operation = '', model = ''] = head;
  const granted = groups.length > 0 ? ` (allowed for: ${groups.join(', ')})` : '';
  return { issue: { code: 'access_error', path: model, message: `the Odoo user may not ${operation} ${model} records${granted}` }, permission: groups.length > 0 ? groups.join(' or ') : null };
}

/** What a validation-like message is about, when Odoo's text names it. */
function validationIssue(exception: string, message: string): HttpIssue {
  const onModel = /Invalid field '([\w.]+)' on model '([\w.]+)'/.exec(message);
  if (onModel) return { code: 'invalid_field', path: `${onModel[2] ?? ''}.${onModel[1] ?? ''}`, message: safeOdooText(message) };
  const inLeaf = /Invalid field ([\w.]+)\.(\w+) in leaf/.exec(message);
  if (inLeaf) return { code: 'invalid_field', path: `${inLeaf[1] ?? ''}.${inLeaf[2] ?? ''}`, message: safeOdooText(message) };
  const model = /the model '([\w.]+)' does not exist|Object ([\w.]+) doesn't exist/.exec(message);
  if (model) return { code: 'unknown_model', path: model[1] ?? model[2] ?? 'model', message: `Odoo has no model ${model[1] ?? model[2] ?? ''} (is the Invoicing/Accounting app installed?)` };
  const method = /The method '([\w.]+)' does not exist|has no attribute '(\w+)'/.exec(message);
  if (method) return { code: 'unknown_method', path: method[1] ?? method[2] ?? 'method', message: safeOdooText(message) };
  const constraint = /Constraint: (\w+)/.exec(message);
  if (constraint) return { code: 'constraint', path: constraint[1] ?? '', message: safeOdooText(message.split('\n')[0] ?? message) };
  return { code: shortName(exception).replace(/(?<=[a-z])(?=[A-Z])/g, '_').toLowerCase(), path: 'odoo', message: safeOdooText(message) };
}

const retryableExceptions = /LockError|ConcurrencyError|SerializationFailure|TransactionRollbackError|OperationalError.*(lock|serializ|deadlock)/i;

/**
 * Odoo's fault as the sale journey acts on it. Every error Odoo answers with discarded its SQL
 * transaction (external_api.rst, "Transaction"), so none of these is ambiguous.
 */
export function connectorErrorOfFault(fault: OdooFault): ConnectorError {
  const name = shortName(fault.exception);
  const what = `${fault.where}: ${fault.exception}`;
  const status = fault.status;
  if (name === 'Unauthorized' || name === 'AccessDenied' || name === 'SessionExpiredException') {
    return new ConnectorError('AUTH_REVOKED', `${what} (Odoo refused the API key or login)`, { status });
  }
  if (name === 'AccessError') {
    const { issue, permission } = accessIssue(fault.message);
    // "lacks the permission <name>" is what the tenant sync quotes as the reason of its pause.
    return new ConnectorError('MISSING_SCOPE', `${what} (${permission ? `the connection lacks the permission ${permission}` : issue.message})`, { status, issues: [issue] });
  }
  if (retryableExceptions.test(`${name} ${fault.message.split('\n')[0] ?? ''}`)) {
    return new ConnectorError('SERVER_ERROR', `${what} (Odoo could not lock the records; try again)`, { status });
  }
  if (/database .* does not exist/i.test(fault.message)) {
    return new ConnectorError('VALIDATION', `${what} (no such database)`, {
      status, issues: [{ code: 'unknown_database', path: 'credentials.database', message: 'Odoo has no database by that name' }],
    });
  }
  const validation = ['UserError', 'ValidationError', 'MissingError', 'RedirectWarning', 'NotFound', 'UnprocessableEntity', 'BadRequest', 'MethodNotAllowed', 'ValueError', 'TypeError', 'KeyError', 'AttributeError'];
  if (validation.includes(name)) {
    const issue = validationIssue(fault.exception, fault.message);
    return new ConnectorError('VALIDATION', `${what} (${issue.message})`, { status, issues: [issue] });
  }
  return new ConnectorError('SERVER_ERROR', `${what} (Odoo server error)`, { status });
}
