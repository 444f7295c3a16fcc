import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from './errors';
import { createHttpClient } from './http';
import { retryAfterMs } from './http-errors';
import { serveOnLoopback, sleep } from './sim/serve';
import type { RunningServer, SimEnv } from './sim/serve';
import { moneybirdErrorIssues } from './targets/moneybird/error-issues';

let server: RunningServer;
const secret = 'Bearer super-secret-token-123';

beforeAll(async () => {
  const app = new Hono<SimEnv>();
  app.all('/status/:code', (c) => {
    const status = Number(c.req.param('code')) as 401;
    const headers: Record<string, string> = {};
    for (const name of ['retry-after', 'ratelimit-reset']) {
      const value = c.req.query(name);
      if (value) headers[name] = value;
    }
    return c.json(JSON.parse(c.req.query('body') ?? '{}') as object, status, headers);
  });
  app.all('/slow', async (c) => {
    await sleep(400);
    return c.json({ ok: true });
  });
  app.post('/cut', (c) => {
    c.env.incoming.socket.destroy();
    return c.json({});
  });
  app.get('/redirect', (c) => c.redirect('http://example.com/steal'));
  // 4 MiB in 64 KiB chunks with no Content-Length: only counting the bytes read can stop it.
  app.get('/huge', () => new Response(new ReadableStream({
    start(controller) {
      for (let i = 0; i < 64; i += 1) controller.enqueue(new Uint8Array(64 * 1024).fill(120));
      controller.close();
    },
  }), { headers: { 'content-type': 'application/json' } }));
  server = await serveOnLoopback(app);
});
afterAll(() => server.stop());

const client = (timeoutMs = 2_000, baseUrl = server.url): ReturnType<typeof createHttpClient> =>
  createHttpClient({ vendor: 'test', baseUrl, timeoutMs, headers: { authorization: secret }, parseIssues: moneybirdErrorIssues });

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    const e = error as ConnectorError;
    expect(e.message).not.toContain('super-secret');
    expect(JSON.stringify(e.details)).not.toContain('super-secret');
    return e;
  }
  throw new Error('expected a failure');
}

describe('createHttpClient', () => {
  it('refuses plain http to a non-loopback host at construction', () => {
    expect(() => createHttpClient({ vendor: 'x', baseUrl: 'http://moneybird.com', headers: {} })).toThrow(ConnectorError);
  });

  it('maps statuses to ConnectorError codes', async () => {
    const http = client();
    const code = async (status: number): Promise<string> => (await failure(http.request({ method: 'GET', path: `/status/${status}` }))).code;
    expect(await code(401)).toBe('AUTH_REVOKED');
    expect(await code(403)).toBe('AUTH_REVOKED');
    expect(await code(402)).toBe('PAYMENT_REQUIRED');
    expect(await code(404)).toBe('NOT_FOUND');
    expect(await code(400)).toBe('VALIDATION');
    expect(await code(503)).toBe('SERVER_ERROR');
    expect(await code(409)).toBe('VALIDATION');
    const found = await http.request({ method: 'GET', path: '/status/404', accept: [404] });
    expect(found.status).toBe(404);
  });

  it('turns a 422 body into field-name issues without echoing values', async () => {
    const body = JSON.stringify({ error: { 'details.price': ['is not a number'], send_invoices_to_email: ['jan@example.nl is invalid'] }, details: {} });
    const e = await failure(client().request({ method: 'POST', path: `/status/422?body=${encodeURIComponent(body)}`, body: {} }));
    expect(e.code).toBe('VALIDATION');
    expect(e.details.issues).toEqual([
      { code: 'invalid', path: 'details.price', message: 'is not a number' },
      { code: 'invalid', path: 'send_invoices_to_email', message: 'invalid' },
    ]);
  });

  it('reads the wait from Retry-After or RateLimit-Reset on 429', async () => {
    const e = await failure(client().request({ method: 'GET', path: '/status/429?retry-after=7' }));
    expect(e).toMatchObject({ code: 'RATE_LIMITED', retryable: true, details: { retryAfterMs: 7000 } });
    const reset = Math.floor(Date.now() / 1000) + 30;
    const e2 = await failure(client().request({ method: 'GET', path: `/status/429?ratelimit-reset=${reset}` }));
    expect(e2.details.retryAfterMs).toBeGreaterThan(25_000);
    expect(e2.details.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });

  it('marks 5xx on a write as ambiguous, not on a read', async () => {
    expect((await failure(client().request({ method: 'POST', path: '/status/502', body: {} }))).details.ambiguous).toBe(true);
    expect((await failure(client().request({ method: 'GET', path: '/status/502' }))).details.ambiguous).toBe(false);
  });

  it('times out; a timed-out write is ambiguous', async () => {
    const post = await failure(client(100).request({ method: 'POST', path: '/slow', body: {} }));
    expect(post).toMatchObject({ code: 'TIMEOUT', retryable: true, details: { ambiguous: true } });
    const get = await failure(client(100).request({ method: 'GET', path: '/slow' }));
    expect(get).toMatchObject({ code: 'TIMEOUT', details: { ambiguous: false } });
  });

  it('maps network errors: refused is never ambiguous, a cut after sending a write is', async () => {
    const closed = await serveOnLoopback(new Hono<SimEnv>());
    await closed.stop();
    const refused = await failure(client(2_000, closed.url).request({ method: 'POST', path: '/x', body: {} }));
    expect(refused).toMatchObject({ code: 'NETWORK', details: { ambiguous: false } });
    const cut = await failure(client().request({ method: 'POST', path: '/cut', body: {} }));
    expect(cut).toMatchObject({ code: 'NETWORK', details: { ambiguous: true } });
  });

  it('does not follow redirects (they could downgrade to http or leak the token)', async () => {
    expect((await failure(client().request({ method: 'GET', path: '/redirect' }))).code).toBe('VALIDATION');
  });
});

describe('response size cap', () => {
  it('stops reading a body past maxResponseBytes and fails with RESPONSE_TOO_LARGE, not retryable', async () => {
    const capped = createHttpClient({ vendor: 'test', baseUrl: server.url, headers: {}, maxResponseBytes: 1024 * 1024 });
    const error = await failure(capped.request({ method: 'GET', path: '/huge' }));
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect(error.retryable).toBe(false);
    const roomy = createHttpClient({ vendor: 'test', baseUrl: server.url, headers: {}, maxResponseBytes: 8 * 1024 * 1024 });
    expect(((await roomy.request({ method: 'GET', path: '/huge' })).body as string).length).toBe(4 * 1024 * 1024);
  });

  it('asks the budget before every request (retries and reads too) and tells it of a 429 with the wait until reset', async () => {
    const asked: string[] = [];
    const limited: (number | undefined)[] = [];
    const answered: number[] = [];
    const http = createHttpClient({
      vendor: 'test', baseUrl: server.url, headers: {},
      budget: {
        beforeRequest: async (r) => { asked.push(`${r.method} ${r.path}`); return asked.length; },
        afterRequest: async (ticket) => void answered.push(ticket as number),
        rateLimited: async (ms) => void limited.push(ms),
      },
    });
    await http.request({ method: 'GET', path: '/status/200' });
    await http.request({ method: 'POST', path: '/status/201', body: {} });
    await expect(http.request({ method: 'GET', path: '/status/429', query: { 'retry-after': '7' } })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(asked).toEqual(['GET /status/200', 'POST /status/201', 'GET /status/429']);
    expect(limited).toEqual([7000]);
    // Each answered call is handed back with its own ticket, so the budget can date it at its answer.
    expect(answered).toEqual([1, 2, 3]);
  });

  it('sends nothing when the budget refuses', async () => {
    const refused = new Error('no room');
    const http = createHttpClient({
      vendor: 'test', baseUrl: `${server.url}`, headers: {},
      budget: { beforeRequest: () => Promise.reject(refused), rateLimited: async () => undefined },
    });
    await expect(http.request({ method: 'POST', path: '/cut', body: {} })).rejects.toBe(refused);
  });
});
