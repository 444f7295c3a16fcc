import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { cors } from 'hono/cors';
import { resolveDeps, type ApiDeps } from './deps';
import type { AppEnv } from './env';
import { ApiError, errorHandler, validationHook } from './errors';
import { accessAnalytics } from './middleware/access-analytics';
import { requireOps, requireSession } from './middleware/auth';
import { requestLog } from './middleware/request-log';
import { tenantScope } from './middleware/tenant-scope';
import { dashboardPages } from './pages';
import { alertRoutes } from './routes/alerts';
import { refuseUnsafeText } from './middleware/unsafe-text';
import { authRoutes } from './routes/auth';
import { backupRoutes } from './routes/backups';
import { backfillRoutes } from './routes/backfill';
import { codecRoutes } from './routes/codec';
import { completenessRoutes } from './routes/completeness';
import { connectionRoutes } from './routes/connections';
import { debugCopyRoutes } from './routes/debug-copies';
import { errorRoutes } from './routes/errors';
import { healthRoutes } from './routes/health';
import { meRoutes } from './routes/me';
import { oauthRoutes } from './routes/oauth';
import { previewRoutes } from './routes/preview';
import { privacyRoutes } from './routes/privacy';
import { runRoutes } from './routes/runs';
import { saleRoutes } from './routes/sales';
import { settingsRoutes } from './routes/settings';
import { syncRoutes } from './routes/sync';
import { tenantRoutes } from './routes/tenants';
import { userRoutes } from './routes/users';
import { webhookRoutes } from './routes/webhooks';

/** The doorzet API: dashboard, sync control, privacy requests, webhooks and the Temporal UI's codec server. */
export function createApp(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const ctx = resolveDeps(deps);
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  // Outermost: every request is counted and logged, whatever answers it.
  app.use('*', accessAnalytics(ctx), requestLog(ctx.logger));
  app.use('*', async (c, next) => {
    // Set before the route answers: a header set afterwards makes Hono rebuild the response from its body
    // stream, which takes the Node adapter off its fast path (a CPU profile showed it on every request).
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store'); // a Response built by hand
    if (!c.res.headers.has('x-content-type-options')) c.header('X-Content-Type-Options', 'nosniff');
  });
  const limit = bodyLimit({ maxSize: 1024 * 1024, onError: () => { throw new ApiError(413, 'PAYLOAD_TOO_LARGE', 'The body is too large.'); } });
  // GET and HEAD carry no body worth limiting; asking for one would build a full Request from the socket.
  const limitBodies: MiddlewareHandler = (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
  app.use('*', limitBodies);
  app.use('*', refuseUnsafeText());

  // The codec server: CORS for the Temporal UI, then an ops session (Bearer, or the cookie set at login).
  const uiOrigins = new Set(ctx.config.uiOrigins);
  app.use('/codec/*', cors({
    origin: (origin) => (uiOrigins.has(origin) ? origin : null),
    allowMethods: ['POST', 'GET', 'OPTIONS'],
    allowHeaders: ['content-type', 'x-namespace', 'authorization'],
    credentials: true,
    maxAge: 600,
  }));
  app.use('/codec/*', requireSession(ctx, { allowCookie: true }), requireOps());

  // Everything else that is not public wants a Bearer session; tenant paths also the tenant scope.
  const session = requireSession(ctx);
  // A page links to the OAuth start route, so it also takes the session cookie.
  const linkSession = requireSession(ctx, { allowCookie: true });
  app.use('/auth/logout', session);
  app.use('/users', session);
  app.use('/users/*', session);
  app.use('/me', session);
  app.use('/breaches', session);
  const oauthStart = /^\/tenants\/[^/]+\/connections\/[^/]+\/oauth\/start$/;
  app.use('/tenants/*', createMiddleware<AppEnv>((c, next) => (oauthStart.test(c.req.path) ? linkSession(c, next) : session(c, next))));
  app.use('/tenants/:tenantId/*', tenantScope(ctx));

  for (const routes of [
    healthRoutes(ctx), authRoutes(ctx), meRoutes(ctx), userRoutes(ctx), tenantRoutes(ctx), connectionRoutes(ctx), syncRoutes(ctx),
    runRoutes(ctx), saleRoutes(ctx), previewRoutes(ctx), settingsRoutes(ctx), errorRoutes(ctx), privacyRoutes(ctx), alertRoutes(ctx), webhookRoutes(ctx), codecRoutes(ctx),
    oauthRoutes(ctx),
    backupRoutes(ctx), debugCopyRoutes(ctx),
    backfillRoutes(ctx), completenessRoutes(ctx),
  ]) {
    app.route('/', routes);
  }

  // The dashboard: server-rendered pages on the session cookie (not in the OpenAPI document).
  app.route('/', dashboardPages(ctx));

  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer', description: 'The token from POST /auth/login' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'SessionCookie', { type: 'apiKey', in: 'cookie', name: 'doorzet_session' });
  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: { title: 'doorzet API', version: '0.1.0', description: 'Moves webshop sales into accounting systems exactly once.' },
    servers: [{ url: ctx.config.publicUrl }],
  });

  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'Not found.' } }, 404));
  app.onError(errorHandler(ctx.logger));
  return app;
}
