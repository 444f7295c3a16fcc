import { Deserializer, XmlRpcFault } from '@foxglove/xmlrpc';
import type { XmlRpcValue } from '@foxglove/xmlrpc';
import type { OdooValue } from './rpc';

/**
 * XML-RPC on the wire. Parsing is @foxglove/xmlrpc's Deserializer (typed, SAX-based, maintained, and
 * independent of any HTTP stack, so doorzet's own fetch wrapper keeps its timeouts and ambiguity
 * rules). Writing is the small serialiser below: the library's writes any string holding `<` or `&`
 * as CDATA, which breaks on a string that contains `]]>`, and passes control characters that XML 1.0
 * forbids. Here text is escaped instead, and the forbidden characters are dropped, as Odoo's own
 * marshaller does (odoo/addons/base/controllers/rpc.py, CONTROL_CHARACTERS).
 */

export { XmlRpcFault };

// XML 1.0 allows tab, newline and carriage return below 0x20; lone surrogates and U+FFFE/U+FFFF never.
// eslint-disable-next-line no-control-regex
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const escapeText = (text: string): string => text.replace(forbidden, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function value(v: OdooValue): string {
  if (typeof v === 'string') return `<value><string>${escapeText(v)}</string></value>`;
  if (typeof v === 'boolean') return `<value><boolean>${v ? 1 : 0}</boolean></value>`;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError('XML-RPC cannot carry NaN or Infinity');
    // Python's int is unbounded, XML-RPC's <int> is 32-bit: larger integers go as <double> like Python's marshaller would refuse them.
    return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? `<value><int>${v}</int></value>` : `<value><double>${v}</double></value>`;
  }
  if (Array.isArray(v)) return `<value><array><data>${v.map(value).join('')}</data></array></value>`;
  return `<value><struct>${Object.entries(v).map(([k, m]) => `<member><name>${escapeText(k)}</name>${value(m)}</member>`).join('')}</struct></value>`;
}

export const encodeCall = (method: string, params: readonly OdooValue[]): string =>
  `<?xml version="1.0"?>\n<methodCall><methodName>${escapeText(method)}</methodName><params>${params.map((p) => `<param>${value(p)}</param>`).join('')}</params></methodCall>\n`;

export const encodeResponse = (result: OdooValue): string =>
  `<?xml version="1.0"?>\n<methodResponse><params><param>${value(result)}</param></params></methodResponse>\n`;

export const encodeFault = (faultCode: number, faultString: string): string =>
  `<?xml version="1.0"?>\n<methodResponse><fault>${value({ faultCode, faultString })}</fault></methodResponse>\n`;

/** The value of a methodResponse; rejects with XmlRpcFault for a `<fault>`, with Error for anything else malformed. */
export const decodeResponse = (xml: string): Promise<XmlRpcValue> => new Deserializer().deserializeMethodResponse(xml);

export const decodeCall = (xml: string): Promise<[string, XmlRpcValue[]]> => new Deserializer().deserializeMethodCall(xml);
