import type { z } from 'zod';
import { createHttpClient, type HttpRequest, type HttpResponse, type RequestBudget } from '../../http';
import { unusableResponse } from '../../http-errors';
import { issuesFromZod } from '../../zod-issues';
import { exactErrorIssues } from './error-issues';
import { listEnvelope } from './odata';
import { rateLimitedError } from './rate-limit';

export interface ExactHttpOptions {
  /** The country site, e.g. https://start.exactonline.nl; the REST API lives under /api/v1. */
  baseUrl: string;
  accessToken: string;
  timeoutMs?: number;
  now?: () => number;
  /** The tenant's rate budget over Exact's minute and day windows: asked before every request, told of every 429. */
  budget?: RequestBudget;
}

export interface ExactHttp {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** GET and parse `{"d": ...}` with `schema`. */
  get<T extends z.ZodType>(path: string, query: HttpRequest['query'], schema: T): Promise<z.output<T>>;
  /** Every page of a list, following `__next` (at most `maxPages`). */
  list<T extends z.ZodType>(path: string, query: HttpRequest['query'], item: T, maxPages?: number): Promise<z.output<T>[]>;
  parse<T extends z.ZodType>(schema: T, res: HttpResponse, where: string): z.output<T>;
}

/** Bearer token, JSON (without `Accept: application/json` Exact answers Atom XML), 429s naming their limit. */
export function createExactHttp(options: ExactHttpOptions): ExactHttp {
  const root = options.baseUrl.replace(/\/+$/, '');
  const apiBase = new URL(`${root}/api/v1`);
  const now = options.now ?? Date.now;
  const http = createHttpClient({
    vendor: 'exact-online',
    baseUrl: apiBase.toString(),
    timeoutMs: options.timeoutMs,
    headers: { authorization: `Bearer ${options.accessToken}`, prefer: 'return=representation' },
    parseIssues: exactErrorIssues,
    budget: options.budget,
  });

  const parse = <T extends z.ZodType>(schema: T, res: HttpResponse, where: string): z.output<T> => {
    const parsed = schema.safeParse(res.body);
    if (!parsed.success) throw unusableResponse(where, issuesFromZod(parsed.error));
    return parsed.data;
  };

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const res = await http.request({ ...req, accept: [...(req.accept ?? []), 429] });
    if (res.status === 429 && !req.accept?.includes(429)) {
      const error = rateLimitedError(`exact-online ${req.method} ${req.path}`, res.headers, now());
      // The 429 is accepted above (to read which window it names), so the budget hears of it here: full until the reset.
      await options.budget?.rateLimited(error.details.retryAfterMs);
      throw error;
    }
    return res;
  }

  /** `__next` is an absolute URL; it must stay on our API root (never follow a link elsewhere with the token). */
  function nextRequest(next: string): { path: string; query: Record<string, string> } | null {
    let url: URL;
    try {
      url = new URL(next);
    } catch {
      return null;
    }
    const basePath = apiBase.pathname.replace(/\/+$/, '');
    if (url.origin !== apiBase.origin || !url.pathname.startsWith(`${basePath}/`)) return null;
    return { path: url.pathname.slice(basePath.length), query: Object.fromEntries(url.searchParams) };
  }

  return {
    request,
    parse,
    async get(path, query, schema) {
      return parse(schema, await request({ method: 'GET', path, query }), `exact-online GET ${path}`);
    },
    async list(path, query, item, maxPages = 20) {
      const envelope = listEnvelope(item);
      const all: z.output<typeof item>[] = [];
      let current: { path: string; query: HttpRequest['query'] } | null = { path, query };
      for (let page = 0; current && page < maxPages; page += 1) {
        const res: HttpResponse = await request({ method: 'GET', path: current.path, query: current.query });
        const body: { d: { results: unknown[]; __next?: string } } = parse(envelope, res, `exact-online GET ${path}`);
        all.push(...(body.d.results as z.output<typeof item>[]));
        current = body.d.__next ? nextRequest(body.d.__next) : null;
        if (body.d.__next && !current) throw unusableResponse(`exact-online GET ${path}`, [{ code: 'foreign_next_link', path: 'd.__next', message: 'next link outside the API' }]);
      }
      return all;
    },
  };
}
