import { createRoute, z } from '@hono/zod-openapi';
import { decodePayloadsJson, encodePayloadsJson, InvalidPayloadsBodyError } from '../../crypto/codec-http';
import type { PayloadCodec } from '@temporalio/common';
import type { Context } from 'hono';
import { decodeLeniently, KEY_ID_METADATA } from '../../crypto/payload-codec';
import type { AppEnv } from '../env';
import { appendAccess } from '../../db/queries/access-register';
import type { ApiContext } from '../deps';
import { ApiError } from '../errors';
import { accessReason, opsActor } from '../middleware/tenant-scope';
import { createRouter } from '../router';
import { bearer, errorResponses, jsonBody, jsonResponse } from '../schemas';

const PayloadsSchema = z.object({
  payloads: z.array(z.object({
    metadata: z.record(z.string(), z.string()).nullish().openapi({ description: 'Values are base64' }),
    data: z.string().nullish().openapi({ description: 'base64' }),
  })).max(1_000),
}).openapi('Payloads', { description: 'proto3 JSON, as the Temporal UI and CLI send it' });

const codecRoute = (path: '/codec/encode' | '/codec/decode', summary: string) => createRoute({
  method: 'post', path, tags: ['codec'], summary, security: [...bearer, { SessionCookie: [] }],
  request: { body: jsonBody(PayloadsSchema) },
  responses: { 200: jsonResponse(PayloadsSchema, 'The payloads'), ...errorResponses },
});

const encode = codecRoute('/codec/encode', 'Encrypt payloads (Temporal codec server; ops only)');
const decode = codecRoute('/codec/decode', 'Decrypt payloads for the Temporal UI (ops only; recorded in the access register)');

const ReasonParams = z.object({ reason: z.string().min(1).max(200).openapi({ description: 'Why the operator looks, e.g. a ticket number' }) });
/**
 * The Temporal UI cannot send a header, but its codec endpoint is a URL the operator types: with
 * `…/codec/reason/TICKET-123` as endpoint, every decode is registered with that reason.
 */
const decodeWithReason = createRoute({
  method: 'post', path: '/codec/reason/{reason}/decode', tags: ['codec'], security: [...bearer, { SessionCookie: [] }],
  summary: 'Decrypt payloads, registering the reason in the path (set the UI codec endpoint to /codec/reason/<reason>)',
  request: { params: ReasonParams, body: jsonBody(PayloadsSchema) },
  responses: { 200: jsonResponse(PayloadsSchema, 'The payloads'), ...errorResponses },
});
const encodeWithReason = createRoute({
  method: 'post', path: '/codec/reason/{reason}/encode', tags: ['codec'], security: [...bearer, { SessionCookie: [] }],
  summary: 'Encrypt payloads (the same endpoint family as the decode with a reason)',
  request: { params: ReasonParams, body: jsonBody(PayloadsSchema) },
  responses: { 200: jsonResponse(PayloadsSchema, 'The payloads'), ...errorResponses },
});

const TENANT_KEY_ID = /^tenant:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):v1$/i;

/** Tenants whose payloads a decode opens, from the key ids in the (still encrypted) payloads' metadata. */
export function tenantsInPayloads(body: z.infer<typeof PayloadsSchema>): string[] {
  const ids = new Set<string>();
  for (const payload of body.payloads) {
    const keyId = payload.metadata?.[KEY_ID_METADATA];
    if (!keyId) continue;
    const match = TENANT_KEY_ID.exec(Buffer.from(keyId, 'base64').toString('utf8'));
    if (match?.[1]) ids.add(match[1].toLowerCase());
  }
  return [...ids];
}

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof InvalidPayloadsBodyError) throw new ApiError(400, 'VALIDATION', 'Invalid request: payloads.', [{ path: 'payloads', message: 'Not valid base64 payloads.' }]);
    if ((error as Error).name === 'PayloadDecryptionError') throw new ApiError(400, 'UNDECODABLE', 'A payload could not be decrypted with this key.');
    throw error;
  }
}

/** The codec server for the Temporal UI: CORS and the ops session are checked by middleware in app.ts. */
export function codecRoutes(ctx: ApiContext) {
  // Never fails on a payload the SDK produced: what cannot be decoded here is shown as it is.
  const lenient: PayloadCodec = { encode: (p) => ctx.codec.encode(p), decode: (p) => decodeLeniently(ctx.codec, p) };
  const doDecode = async (c: Context<AppEnv>, body: z.infer<typeof PayloadsSchema>, pathReason: string | undefined) => {
    const decoded = await run(() => decodePayloadsJson(body, lenient));
    const user = c.get('user');
    const reason = accessReason(c.req.header('x-access-reason') ?? pathReason, 'Temporal UI');
    const tenants = tenantsInPayloads(body);
    for (const tenantId of tenants.length > 0 ? tenants : [null]) {
      await appendAccess(ctx.db, { tenantId, actor: opsActor(user.id), action: 'codec.decode', reason });
    }
    return decoded;
  };
  return createRouter()
    .openapi(encode, async (c) => c.json(await run(() => encodePayloadsJson(c.req.valid('json'), ctx.codec)), 200))
    .openapi(encodeWithReason, async (c) => c.json(await run(() => encodePayloadsJson(c.req.valid('json'), ctx.codec)), 200))
    .openapi(decode, async (c) => c.json(await doDecode(c, c.req.valid('json'), undefined), 200))
    .openapi(decodeWithReason, async (c) => c.json(await doDecode(c, c.req.valid('json'), c.req.valid('param').reason), 200));
}
