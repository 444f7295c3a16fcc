/**
 * Text from outside (an order, an API body) may hold control characters, U+0000 included, and lone
 * UTF-16 surrogates. Postgres refuses U+0000 in text and jsonb and lone surrogates in jsonb, so a value
 * like that must never reach a write; and in a log line or an invoice a control character is garbage.
 */

// C0 controls except tab, line feed and carriage return; DEL; C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /[\t\n\r]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormed = (text: string) => text.replace(LONE_SURROGATES, '\uFFFD');

/** Whether `text` holds a control character (tab and line breaks allowed only when `allowLineBreaks`) or a lone surrogate. */
export function hasUnsafeText(text: string, options: { allowLineBreaks?: boolean } = {}): boolean {
  if (CONTROL.test(text) || LONE_SURROGATE.test(text)) return true;
  return options.allowLineBreaks ? false : /[\t\n\r]/.test(text);
}

/**
 * A form any store and log line accepts: lone surrogates and control characters become U+FFFD, so
 * the value stays recognisable (the merchant can still find an e-mail address that had a NUL in it).
 */
export function storableText(text: string): string {
  return wellFormed(text).replace(CONTROL_ALL, '\uFFFD');
}

/** For descriptive text (names, addresses, line descriptions): control characters dropped, line breaks and tabs made spaces. */
export function cleanDescriptiveText(text: string): string {
  return wellFormed(text).replace(CONTROL_ALL, '').replace(LINE_BREAKS, ' ');
}

/** Every string in a JSON value made storable (error record params and PII). */
export function storableRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [storableText(k), storableText(v)]));
}

/** The first path of `value` (a parsed JSON body or query) whose string holds a control character or lone surrogate, else null. */
export function findUnsafeText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasUnsafeText(value, { allowLineBreaks: true }) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnsafeText(value[i], path ? `${path}.${i}` : String(i));
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (hasUnsafeText(key)) return path || '(body)';
      const found = findUnsafeText(inner, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
  }
  return null;
}
