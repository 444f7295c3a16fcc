import { parseBaseUrl } from './base-url';
import { ConnectorError } from './errors';
import { errorForStatus } from './http-errors';
import type { FailedResponse, IssueParser } from './http-errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpClientConfig {
  /** Vendor name used in error messages. */
  vendor: string;
  /** https:// or http:// to loopback; checked here, at construction. */
  baseUrl: string;
  /** Per request, including reading the body. Default 15 s. */
  timeoutMs?: number;
  /** Sent on every request (authorization). Never copied into errors. */
  headers: Record<string, string>;
  /** Field-name issues from the vendor's 400/422 body. */
  parseIssues?: IssueParser;
  /** Bytes of a response body read at most; a larger body fails with RESPONSE_TOO_LARGE. Default 16 MiB. */
  maxResponseBytes?: number;
  /**
   * The vendor's own reading of a failed response (its rate-limit headers, its error bodies);
   * undefined falls back to the generic mapping by status.
   */
  vendorError?: (res: FailedResponse) => ConnectorError | undefined;
  /** The tenant's rate budget, asked before every request and told of every 429 (connectors/vendor RequestBudget). */
  budget?: RequestBudget;
}

/**
 * A per-request rate budget: `beforeRequest` resolves when the call may go out (it may wait, or throw to
 * end the attempt); `rateLimited` hears of a 429 and the time until the vendor's window resets.
 */
export interface RequestBudget {
  /** Resolves to a ticket for `afterRequest` (or nothing) when the call may go out. */
  beforeRequest(req: { method: HttpMethod; path: string }): Promise<unknown>;
  /**
   * The call's answer came (or it failed): the vendor counted it by now, so the budget may date it here.
   * `sent: false` when the request provably never left this machine (connection refused, no DNS): the
   * vendor never counted it, so its reservation goes back to the budget.
   */
  afterRequest?(ticket: unknown, outcome: { sent: boolean }): Promise<void>;
  rateLimited(resetInMs: number | undefined): Promise<void>;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Appended to the base URL's path, e.g. `/orders/12`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON-encoded when present. */
  body?: unknown;
  /** A body sent as it is (e.g. an XML-RPC call), instead of `body`. */
  rawBody?: { contentType: string; text: string };
  /** Statuses returned to the caller instead of thrown (e.g. 404 for a lookup). */
  accept?: readonly number[];
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, otherwise the raw text. */
  body: unknown;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export const defaultTimeoutMs = 15_000;
/**
 * Tenants choose their base URL and one worker serves every tenant, so no response may take its memory.
 * 16 MiB holds a webshop order of 10,000 lines (several MB as JSON) with room to spare.
 */
export const defaultMaxResponseBytes = 16 * 1024 * 1024;

class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** The body as text, reading no more than `limit` bytes (a lying or absent Content-Length changes nothing). */
async function readCapped(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError();
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Node's web streams are async iterable; breaking out of the loop cancels the body.
  for await (const value of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += value.byteLength;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

// Errors that prove the request never left this machine, so even a write cannot have been committed.
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || causeCode(error) === 'UND_ERR_HEADERS_TIMEOUT');
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return null;
  if (contentType?.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** A thin fetch wrapper: one timeout per request, every failure mapped to a ConnectorError. */
export function createHttpClient(config: HttpClientConfig): HttpClient {
  const base = parseBaseUrl(config.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs;
  const maxResponseBytes = config.maxResponseBytes ?? defaultMaxResponseBytes;
  const parseIssues = config.parseIssues ?? (() => []);

  return {
    async request(req) {
      const url = new URL(basePath + req.path, base.origin);
      for (const [key, value] of Object.entries(req.query ?? {})) {
        if (value !== undefined) url.searchParams.set(key, String(value));
      }
      const isWrite = req.method !== 'GET';
      const where = `${config.vendor} ${req.method} ${url.pathname}`;
      const headers: Record<string, string> = { accept: 'application/json', ...config.headers };
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      if (req.rawBody !== undefined) headers['content-type'] = req.rawBody.contentType;

      let status: number;
      let resHeaders: Headers;
      let text: string;
      // Every request counts against the budget, each retry and each read (tax rates, ledgers, look-ups) included.
      const ticket = await config.budget?.beforeRequest({ method: req.method, path: req.path });
      let sent = true;
      try {
        const res = await fetch(url, {
          method: req.method,
          headers,
          body: req.rawBody?.text ?? (req.body === undefined ? undefined : JSON.stringify(req.body)),
          signal: AbortSignal.timeout(timeoutMs),
          // A redirect could downgrade to plain http or leak the Authorization header elsewhere.
          redirect: 'manual',
        });
        status = res.status;
        resHeaders = res.headers;
        text = await readCapped(res, maxResponseBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          throw new ConnectorError('RESPONSE_TOO_LARGE', `${where}: response body larger than ${maxResponseBytes} bytes`, {
            ambiguous: isWrite, issues: [{ code: 'response_too_large', path: '', message: `The response was larger than ${maxResponseBytes} bytes.` }],
          });
        }
        if (isTimeout(error)) {
          throw new ConnectorError('TIMEOUT', `${where}: no complete response within ${timeoutMs} ms`, { ambiguous: isWrite });
        }
        const code = causeCode(error) ?? 'unknown';
        sent = !notSentCodes.has(code);
        throw new ConnectorError('NETWORK', `${where}: network error (${code})`, { ambiguous: isWrite && sent });
      } finally {
        await config.budget?.afterRequest?.(ticket, { sent });
      }

      const body = parseBody(text, resHeaders.get('content-type'));
      if ((status >= 200 && status < 300) || req.accept?.includes(status)) return { status, headers: resHeaders, body };
      const failed: FailedResponse = { vendor: config.vendor, method: req.method, path: url.pathname, status, headers: resHeaders, body, isWrite };
      const error = config.vendorError?.(failed) ?? errorForStatus(failed, parseIssues);
      if (error.code === 'RATE_LIMITED') await config.budget?.rateLimited(error.details.retryAfterMs);
      throw error;
    },
  };
}
