/**
 * Odoo's error messages are written for the person at the screen and may quote the record they are
 * about ("The VAT number [NL…] for partner [Jan Jansen] …"). Issue messages end up in error records
 * that must hold no personal data, so quoted values are masked unless they are technical names
 * (models, fields, methods), e-mail addresses are masked everywhere, and the text is kept short.
 */

const technicalName = /^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const numberLike = /^[-+]?\d+([.,]\d+)?%?$/;
const keep = (inner: string): boolean => technicalName.test(inner) || numberLike.test(inner);

const email = /[^\s'"[\]<>()]+@[^\s'"[\]<>()]+/g;
const longDigits = /\d{7,}/g;

export function safeOdooText(text: string, maxLength = 300): string {
  const masked = text
    .replace(email, '…')
    .replace(/\[([^\]\n]*)\]/g, (whole, inner: string) => (keep(inner) ? whole : '[…]'))
    .replace(/'([^'\n]*)'/g, (whole, inner: string) => (keep(inner) ? whole : "'…'"))
    .replace(/"([^"\n]*)"/g, (whole, inner: string) => (keep(inner) ? whole : '"…"'))
    .replace(longDigits, '…')
    .replace(/\s+/g, ' ')
    .trim();
  return masked.length > maxLength ? `${masked.slice(0, maxLength - 1)}…` : masked;
}
