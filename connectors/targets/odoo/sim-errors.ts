/**
 * Exceptions the simulated Odoo raises, with what each protocol makes of them: JSON-2 answers
 * `http_status` (odoo/exceptions.py of 19: UserError 422, AccessError and AccessDenied 403,
 * MissingError 404; werkzeug exceptions their own code; anything else 500) and a body
 * `{name, message, arguments, context, debug}`; XML-RPC /xmlrpc/2 answers a fault whose code is
 * 4 (AccessError), 3 (AccessDenied), 2 (other UserError) or 1 with the traceback
 * (odoo/addons/base/controllers/rpc.py).
 */
export class OdooSimError extends Error {
  constructor(
    /** Fully qualified Python name, e.g. `odoo.exceptions.ValidationError`, `builtins.ValueError`. */
    readonly exception: string,
    message: string,
    readonly httpStatus: number,
    readonly args: unknown[] = [message],
  ) {
    super(message);
  }
}

export const userError = (message: string): OdooSimError => new OdooSimError('odoo.exceptions.UserError', message, 422);
export const validationError = (message: string): OdooSimError => new OdooSimError('odoo.exceptions.ValidationError', message, 422);
export const missingError = (message: string): OdooSimError => new OdooSimError('odoo.exceptions.MissingError', message, 404);
export const accessDenied = (): OdooSimError => new OdooSimError('odoo.exceptions.AccessDenied', 'Access Denied', 403);
export const valueError = (message: string): OdooSimError => new OdooSimError('builtins.ValueError', message, 500);
export const typeError = (message: string): OdooSimError => new OdooSimError('builtins.TypeError', message, 500);
export const werkzeug = (name: 'NotFound' | 'UnprocessableEntity' | 'BadRequest' | 'MethodNotAllowed' | 'Unauthorized', code: number, description: string): OdooSimError =>
  new OdooSimError(`werkzeug.exceptions.${name}`, description, code, [description, code]);

const operationWords = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' } as const;

/** odoo/addons/base/models/ir_model.py `_make_access_error`: the operation, the model and the groups that would allow it. */
export function accessError(model: string, description: string, operation: keyof typeof operationWords, groups: readonly string[]): OdooSimError {
  const head = `You are not allowed to ${operationWords[operation]} '${description}' (${model}) records.`;
  const info = groups.length > 0 ? `This operation is allowed for the following groups:\n${groups.map((g) => `\t- ${g}`).join('\n')}` : 'No group currently allows this operation.';
  return new OdooSimError('odoo.exceptions.AccessError', `${head}\n\n${info}\n\nContact your administrator to request access if necessary.`, 403);
}

/** A Python traceback as Odoo puts it in `debug` and in faultCode-1 faults. */
export function tracebackOf(error: OdooSimError): string {
  const name = error.exception.startsWith('builtins.') ? error.exception.slice('builtins.'.length) : error.exception;
  return [
    'Traceback (most recent call last):',
    '  File "/opt/odoo/odoo/http.py", line 2212, in _transactioning',
    '    return service_model.retrying(func, env=self.env)',
    '  File "/opt/odoo/odoo/service/model.py", line 176, in retrying',
    '    result = func()',
    `${name}: ${error.message}`,
    '',
  ].join('\n');
}
