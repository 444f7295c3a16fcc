/** Dashboard login rules (DESIGN.md, Security): password strength and the 32-character account key. */

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_SPECIAL_CHARACTERS = ['!', '?', '@', '$', '^', '&', '*', '-', '%'] as const;

export type PasswordRule = 'min-length' | 'upper-case' | 'lower-case' | 'digit' | 'special-character';

export type PasswordCheck = { ok: true } | { ok: false; failed: PasswordRule[]; messages: string[] };

const RULES: readonly { rule: PasswordRule; passes: (pw: string) => boolean; message: string }[] = [
  {
    rule: 'min-length',
    // Code points, so a password of ten emoji counts as ten characters, not twenty.
    passes: (pw) => [...pw].length >= PASSWORD_MIN_LENGTH,
    message: `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
  },
  { rule: 'upper-case', passes: (pw) => /\p{Lu}/u.test(pw), message: 'The password must contain an upper-case letter.' },
  { rule: 'lower-case', passes: (pw) => /\p{Ll}/u.test(pw), message: 'The password must contain a lower-case letter.' },
  { rule: 'digit', passes: (pw) => /[0-9]/.test(pw), message: 'The password must contain a digit (0-9).' },
  {
    rule: 'special-character',
    passes: (pw) => PASSWORD_SPECIAL_CHARACTERS.some((c) => pw.includes(c)),
    message: `The password must contain one of ${PASSWORD_SPECIAL_CHARACTERS.join(' ')}.`,
  },
];

/** Checks every rule and names each one that fails; the password itself never appears in the result. */
export function checkPassword(pw: string): PasswordCheck {
  const failed = RULES.filter((r) => !r.passes(pw));
  if (failed.length === 0) return { ok: true };
  return { ok: false, failed: failed.map((r) => r.rule), messages: failed.map((r) => r.message) };
}

export const ACCOUNT_KEY_LENGTH = 32;

/** Exactly 32 characters from A-Z, a-z and 0-9. */
export function isValidAccountKey(key: string): boolean {
  return /^[A-Za-z0-9]{32}$/.test(key);
}
