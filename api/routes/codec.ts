import { createRoute, z } from '@hono/zod-openapi';
import { decodePayloadsJson, encodePayloadsJson, InvalidPayloadsBodyError } from '../../crypto/codec-http';
import { KEY_ID_METADATA } from '../../crypto/payload-codec';
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
  return createRouter()
    .openapi(encode, async (c) => c.json(await run(() => encodePayloadsJson(c.req.valid('json'), ctx.codec)), 200))
    .openapi(decode, async (c) => {
      const body = c.req.valid('json');
      const decoded = await run(() => decodePayloadsJson(body, ctx.codec));
      const user = c.get('user');
      const reason = accessReason(c.req.header('x-access-reason'), 'Temporal UI');
      const tenants = tenantsInPayloads(body);
      for (const tenantId of tenants.length > 0 ? tenants : [null]) {
        await appendAccess(ctx.db, { tenantId, actor: opsActor(user.id), action: 'codec.decode', reason });
      }
      return c.json(decoded, 200);
    });
}
