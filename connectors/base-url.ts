import { ConnectorError } from './errors';

/** True for hosts that never leave this machine: 127.0.0.0/8, localhost, ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  // WHATWG URL normalises IPv4 shorthands (127.1, 0x7f.1) to dotted quads before we look.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function invalid(message: string): ConnectorError {
  return new ConnectorError('VALIDATION', message, { issues: [{ code: 'insecure_base_url', path: 'baseUrl', message }] });
}

/**
 * Parses a connector base URL and enforces the transport rule: https:// everywhere, plain
 * http:// only to loopback simulators. Credentials inside the URL are refused so they can never
 * end up in logs or error messages.
 */
export function parseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('base URL is not a valid absolute URL');
  }
  if (url.username !== '' || url.password !== '') throw invalid('base URL must not contain credentials');
  if (url.search !== '' || url.hash !== '') throw invalid('base URL must not contain a query or fragment');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw invalid('base URL must use https:// (plain http:// is allowed only to loopback)');
}
