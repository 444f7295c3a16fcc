import { checkPassword } from '../domain/password-policy';
import { validationError } from './errors';

/** 400 naming each failed rule of the password policy (the password itself never appears). */
export function assertPasswordPolicy(password: string, path = 'password'): void {
  const check = checkPassword(password);
  if (check.ok) return;
  throw validationError(check.failed.map((rule, i) => ({ path, rule, message: check.messages[i] ?? rule })));
}
