import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { checkBaseUrl, vendorDescriptor } from '../../connectors/catalogue';
import { hashToken, constantTimeEqual, newSessionToken } from '../../crypto/tokens';
import { getConnection } from '../../db/queries/connections';
import { insertOAuthState, takeOAuthState, type OAuthStateRow } from '../../db/queries/oauth-states';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { findSessionUser } from '../../db/queries/sessions';
import { oauthConnectWorkflowId, tokenKeeperWorkflowId } from '../../domain/workflow-ids';
import type { OAuthConnectResult } from '../../workflows/oauth-connect.workflow';
import { tokensReplacedSignal } from '../../workflows/token-keeper-definitions';
import type { tokenKeeperWorkflow } from '../../workflows/token-keeper.workflow';
import type { ApiContext } from '../deps';
import type { AppEnv } from '../env';
import { ApiError, fieldError, notFound } from '../errors';
import { createRouter } from '../router';
import { bearer, ErrorBodySchema, errorResponses, jsonBody, jsonResponse } from '../schemas';
import { chooseTargetAdministration, listTargetAdministrations, resumeTenantSync, runShortWorkflow } from '../services/oauth';
import { tenantSearchAttributes } from '../temporal';

/**
 * Connecting an OAuth target (authorization-code flow) for any vendor whose descriptor says `auth: 'oauth2'`.
 * The start route is a plain GET a dashboard page can link to; the callback hands the code to a workflow
 * (the API never calls a vendor), which stores the tokens sealed and lists the administrations.
 */

export const OAUTH_CALLBACK_PATH = '/oauth/callback';
const BINDING_COOKIE = 'doorzet_oauth';
const STATE_TTL_MS = 10 * 60_000;

const bearerOrCookie: Record<string, string[]>[] = [{ Bearer: [] }, { SessionCookie: [] }];

const RoleParams = z.object({ tenantId: z.uuid(), role: z.enum(['source', 'target']) });
const TargetParams = z.object({ tenantId: z.uuid() });

// Only a path of ours: an absolute or protocol-relative URL would make the callback an open redirect.
const returnTo = z.string().max(500).regex(/^\/(?![/\\])[\x21-\x7e]*$/, 'a path on this site, starting with /').optional();

const StartQuery = z.object({
  vendor: z.string().max(50).optional().openapi({ description: 'The vendor to connect; default: the current connection\'s' }),
  baseUrl: z.string().max(500).optional().openapi({ description: 'The vendor site (e.g. a country host); default: the connection\'s, else the vendor\'s' }),
  returnTo: returnTo.openapi({ description: 'Where the callback sends the browser afterwards (a path here, e.g. a dashboard page); without it the callback answers JSON' }),
});

const CallbackQuery = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(4_000).optional(),
  error: z.string().max(200).optional(),
});

const AdministrationSchema = z.object({ id: z.string(), name: z.string(), current: z.boolean() }).openapi('Administration');
const AdministrationsSchema = z.object({ administrations: z.array(AdministrationSchema), chosen: z.string().nullable() }).openapi('Administrations');
const ConnectedSchema = z.object({ connected: z.literal(true), vendor: z.string(), administrations: z.array(AdministrationSchema), chosen: z.string().nullable() }).openapi('OAuthConnected');

const start = createRoute({
  method: 'get', path: '/tenants/{tenantId}/connections/{role}/oauth/start', tags: ['connections'], security: bearerOrCookie,
  summary: 'Connect an OAuth vendor: redirects the browser to the vendor\'s consent page (a link a dashboard page can use)',
  request: { params: RoleParams, query: StartQuery },
  responses: { 302: { description: 'To the vendor\'s authorize URL; sets a short-lived cookie binding the flow to this browser' }, ...errorResponses, 409: jsonResponse(ErrorBodySchema, 'The vendor does not connect through OAuth, or doorzet has no app registered for it') },
});

const callback = createRoute({
  method: 'get', path: OAUTH_CALLBACK_PATH, tags: ['connections'],
  summary: 'Where the vendor sends the merchant back: exchanges the code (in a workflow) and stores the tokens sealed',
  request: { query: CallbackQuery },
  responses: {
    200: jsonResponse(ConnectedSchema, 'Connected (without returnTo)'),
    302: { description: 'To returnTo with ?connected=<role> or ?oauthError=<code>' },
    400: jsonResponse(ErrorBodySchema, 'Unknown, used, expired or foreign state; refused consent; a refused code'),
    504: jsonResponse(ErrorBodySchema, 'The exchange did not finish in time (is a worker running?)'),
  },
});

const listAdministrations = createRoute({
  method: 'get', path: '/tenants/{tenantId}/connections/target/administrations', tags: ['connections'], security: bearer,
  summary: 'The administrations (divisions) the connected account can book into, asked of the vendor in a workflow',
  request: { params: TargetParams },
  responses: { 200: jsonResponse(AdministrationsSchema, 'The administrations and the chosen one'), ...errorResponses, 409: jsonResponse(ErrorBodySchema, 'Not connected, or the vendor refused'), 504: jsonResponse(ErrorBodySchema, 'No answer in time') },
});

const chooseAdministration = createRoute({
  method: 'put', path: '/tenants/{tenantId}/connections/target/administration', tags: ['connections'], security: bearer,
  summary: 'Choose the administration (division) to book into; one of GET .../administrations',
  request: { params: TargetParams, body: jsonBody(z.object({ id: z.string().min(1).max(50) }).openapi('AdministrationChoice')) },
  responses: { 200: jsonResponse(AdministrationsSchema, 'The administrations and the chosen one'), ...errorResponses, 409: jsonResponse(ErrorBodySchema, 'Not connected, or the vendor refused'), 504: jsonResponse(ErrorBodySchema, 'No answer in time') },
});

// A plain Response: the route's 302 has no body schema for the typed-response check to match.
const redirectTo = (c: Context<AppEnv>, location: string): Response => c.redirect(location, 302);

function secureCookies(ctx: ApiContext): boolean {
  return ctx.config.publicUrl.startsWith('https:');
}

export function oauthRoutes(ctx: ApiContext) {
  const redirectUri = `${ctx.config.publicUrl.replace(/\/+$/, '')}${OAUTH_CALLBACK_PATH}`;

  const run = <T>(workflowId: string, tenantId: string, type: string, args: unknown[]) => runShortWorkflow<T>(ctx, workflowId, tenantId, type, args);
  const resumeSync = (tenantId: string) => resumeTenantSync(ctx, tenantId);

  /** The end of a flow: JSON without returnTo, else back to the page that started it. */
  function finish(c: Context<AppEnv>, state: OAuthStateRow | null, outcome: { ok: true; body: z.infer<typeof ConnectedSchema> } | { ok: false; status: 400 | 504; code: string; message: string }) {
    deleteCookie(c, BINDING_COOKIE, { path: OAUTH_CALLBACK_PATH, secure: secureCookies(ctx) });
    if (state?.returnTo) {
      const back = new URL(state.returnTo, ctx.config.publicUrl);
      if (outcome.ok) back.searchParams.set('connected', state.role);
      else back.searchParams.set('oauthError', outcome.code);
      return c.redirect(`${back.pathname}${back.search}`, 302);
    }
    if (outcome.ok) return c.json(outcome.body, 200);
    return c.json(new ApiError(outcome.status, outcome.code, outcome.message).body(), outcome.status);
  }

  return createRouter()
    .openapi(start, async (c) => {
      const { tenantId, role } = c.req.valid('param');
      const query = c.req.valid('query');
      const existing = await getConnection(ctx.db, tenantId, role);
      const vendor = query.vendor ?? existing?.vendor;
      if (!vendor) throw fieldError('vendor', 'Name the vendor to connect.');
      const descriptor = vendorDescriptor(role, vendor);
      if (!descriptor) throw fieldError('vendor', `${vendor} cannot be a ${role}.`);
      const oauth = descriptor.role === 'target' ? descriptor.oauth : undefined;
      if (descriptor.auth !== 'oauth2' || !oauth) throw new ApiError(409, 'NOT_OAUTH', `${descriptor.displayName} connects with credentials, not OAuth.`);
      const clientId = ctx.config.oauthClientIds?.[vendor];
      if (!clientId) throw new ApiError(409, 'OAUTH_NOT_CONFIGURED', `doorzet has no app registered at ${descriptor.displayName} (OAUTH_CLIENTS).`);
      const rawBase = query.baseUrl ?? (existing?.vendor === vendor ? existing.baseUrl : descriptor.defaultBaseUrl);
      if (!rawBase) throw fieldError('baseUrl', 'Name the vendor site to connect.');
      const base = checkBaseUrl(rawBase);
      if (!base.ok) throw fieldError('baseUrl', base.message);

      const state = await newSessionToken();
      const binding = await newSessionToken();
      await insertOAuthState(ctx.db, {
        stateHash: await hashToken(state), tenantId, role, vendor, baseUrl: base.url, sessionHash: c.get('sessionHash'), userId: c.get('user').id,
        bindingHash: await hashToken(binding), returnTo: query.returnTo ?? null, expiresAt: new Date(ctx.now().getTime() + STATE_TTL_MS),
      });
      // Lax: the vendor's redirect back is a top-level navigation, which carries it; the path keeps it to the callback.
      setCookie(c, BINDING_COOKIE, binding, { httpOnly: true, path: OAUTH_CALLBACK_PATH, maxAge: STATE_TTL_MS / 1000, sameSite: 'Lax', secure: secureCookies(ctx) });
      await appendPlatformLog(ctx.db, { tenantId, actor: `user:${c.get('user').id}`, action: 'connection.oauth-started', message: `${role} connection to ${vendor} started` });
      const authorize = new URL(oauth.authorizeUrl(base.url));
      authorize.search = new URLSearchParams({
        client_id: clientId, redirect_uri: redirectUri, response_type: 'code', state,
        ...(oauth.scopes.length > 0 ? { scope: oauth.scopes.join(' ') } : {}), ...(oauth.authorizeParams ?? {}),
      }).toString();
      return redirectTo(c, authorize.toString());
    })
    .openapi(callback, async (c) => {
      const query = c.req.valid('query');
      const invalid = { ok: false as const, status: 400 as const, code: 'OAUTH_STATE_INVALID', message: 'This sign-in link expired or was already used; start connecting again.' };
      if (!query.state) return finish(c, null, invalid);
      const row = await takeOAuthState(ctx.db, await hashToken(query.state));
      if (!row || row.expiresAt.getTime() <= ctx.now().getTime()) return finish(c, null, invalid);
      // Bound to the browser that started it and to a session that is still open.
      const binding = getCookie(c, BINDING_COOKIE);
      if (!binding || !(await constantTimeEqual(await hashToken(binding), row.bindingHash))) return finish(c, null, invalid);
      const user = await findSessionUser(ctx.db, row.sessionHash, ctx.now());
      if (!user || user.id !== row.userId) return finish(c, row, { ok: false, status: 400, code: 'OAUTH_SESSION_ENDED', message: 'Your session ended while connecting; log in and start again.' });
      if (query.error || !query.code) {
        return finish(c, row, { ok: false, status: 400, code: 'OAUTH_DENIED', message: 'The connection was not allowed at the accounting system.' });
      }
      const before = await getConnection(ctx.db, row.tenantId, row.role);
      let result: OAuthConnectResult;
      try {
        result = await run<OAuthConnectResult>(oauthConnectWorkflowId(row.tenantId, randomUUID()), row.tenantId, 'oauthConnectWorkflow', [
          { tenantId: row.tenantId, vendor: row.vendor, baseUrl: row.baseUrl, code: query.code },
        ]);
      } catch (error) {
        if (error instanceof ApiError) return finish(c, row, { ok: false, status: error.status === 504 ? 504 : 400, code: error.code, message: error.message });
        throw error;
      }
      if (!result.ok) return finish(c, row, { ok: false, status: 400, code: result.code, message: result.message });
      // The keeper reads the new grant (and forgets a dead one); a sync paused for the old one resumes.
      await ctx.temporal.workflow.signalWithStart<typeof tokenKeeperWorkflow>('tokenKeeperWorkflow', {
        workflowId: tokenKeeperWorkflowId(row.tenantId), taskQueue: ctx.config.taskQueue, args: [{ tenantId: row.tenantId }],
        signal: tokensReplacedSignal, typedSearchAttributes: tenantSearchAttributes(row.tenantId),
      });
      if (before?.credentialsRejectedAt) await resumeSync(row.tenantId);
      await appendPlatformLog(ctx.db, { tenantId: row.tenantId, actor: `user:${row.userId}`, action: 'connection.oauth-connected', message: `${row.role} connection to ${row.vendor} connected` });
      return finish(c, row, { ok: true, body: { connected: true, vendor: row.vendor, administrations: result.administrations, chosen: result.chosen } });
    })
    .openapi(listAdministrations, async (c) => {
      const { tenantId } = c.req.valid('param');
      if (!(await getConnection(ctx.db, tenantId, 'target'))) throw notFound();
      const result = await listTargetAdministrations(ctx, tenantId);
      return c.json({ administrations: result.administrations, chosen: result.chosen }, 200);
    })
    .openapi(chooseAdministration, async (c) => {
      const { tenantId } = c.req.valid('param');
      const { id } = c.req.valid('json');
      if (!(await getConnection(ctx.db, tenantId, 'target'))) throw notFound();
      return c.json(await chooseTargetAdministration(ctx, tenantId, id, c.get('user')), 200);
    });
}
