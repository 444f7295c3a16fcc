import { createRoute, z } from '@hono/zod-openapi';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { getTenant, insertTenant, setContract, updateTenant, type TenantRow } from '../../db/queries/tenants';
import { checkIban, normaliseIban } from '../../domain/iban';
import { checkVatNumber, normaliseVatNumber } from '../../domain/vat-number';
import type { ApiContext } from '../deps';
import { conflict, fieldError, forbidden, notFound } from '../errors';
import { createRouter } from '../router';
import { bearer, ErrorBodySchema, errorResponses, jsonBody, jsonResponse, TenantParams } from '../schemas';

const iban = z.string().max(64).superRefine((value, ctx) => {
  const check = checkIban(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
}).transform(normaliseIban).openapi({ example: 'NL91ABNA0417164300' });

const vatNumber = z.string().max(32).superRefine((value, ctx) => {
  const check = checkVatNumber(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
}).transform(normaliseVatNumber).openapi({ example: 'NL123456789B01' });

const tenantFields = {
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().max(200),
  postcode: z.string().trim().max(20),
  city: z.string().trim().max(100),
  country: z.string().regex(/^[A-Z]{2}$/, 'A two-letter country code (ISO 3166-1), e.g. NL.'),
  iban: iban.nullable(),
  vatNumber: vatNumber.nullable(),
  plan: z.string().trim().min(1).max(50).openapi({ description: 'The subscription; only ops may change it' }),
};

const NewTenantSchema = z.object({
  ...tenantFields,
  address: tenantFields.address.optional(),
  postcode: tenantFields.postcode.optional(),
  city: tenantFields.city.optional(),
  country: tenantFields.country.optional(),
  iban: tenantFields.iban.optional(),
  vatNumber: tenantFields.vatNumber.optional(),
  plan: tenantFields.plan.optional(),
}).openapi('NewTenant');

const TenantPatchSchema = z.object(tenantFields).partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change.' })
  .openapi('TenantPatch');

const isoDate = z.iso.date().openapi({ example: '2025-01-01' });

const ContractSchema = z.object({ startsOn: isoDate, endsOn: isoDate.nullable() })
  .refine((c) => c.endsOn === null || c.endsOn >= c.startsOn, { path: ['endsOn'], message: 'The contract cannot end before it starts.' })
  .openapi('Contract');

const RenewSchema = z.object({ endsOn: isoDate }).openapi('ContractRenewal');

export const TenantSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string(),
  postcode: z.string(),
  city: z.string(),
  country: z.string(),
  iban: z.string().nullable(),
  vatNumber: z.string().nullable(),
  plan: z.string(),
  contract: z.object({ startsOn: z.string().nullable(), endsOn: z.string().nullable() }),
  offboardedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi('Tenant');

export function tenantJson(t: TenantRow) {
  return {
    id: t.id, name: t.name, address: t.address, postcode: t.postcode, city: t.city, country: t.country,
    iban: t.iban, vatNumber: t.vatNumber, plan: t.plan,
    contract: { startsOn: t.contractStartsOn, endsOn: t.contractEndsOn },
    offboardedAt: t.offboardedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

const tenantResponses = { 200: jsonResponse(TenantSchema, 'The tenant'), ...errorResponses };

const create = createRoute({
  method: 'post', path: '/tenants', tags: ['tenants'], summary: 'Create a tenant (ops)', security: bearer,
  request: { body: jsonBody(NewTenantSchema) },
  responses: { 201: jsonResponse(TenantSchema, 'The new tenant'), ...errorResponses },
});

const read = createRoute({
  method: 'get', path: '/tenants/{tenantId}', tags: ['tenants'], security: bearer,
  request: { params: TenantParams },
  responses: tenantResponses,
});

const patch = createRoute({
  method: 'patch', path: '/tenants/{tenantId}', tags: ['tenants'], summary: 'Update name, address, IBAN, VAT number (plan: ops only)', security: bearer,
  request: { params: TenantParams, body: jsonBody(TenantPatchSchema) },
  responses: tenantResponses,
});

const contract = createRoute({
  method: 'put', path: '/tenants/{tenantId}/contract', tags: ['tenants'], summary: 'Set the contract start and end (ops); drives the credential retention timer', security: bearer,
  request: { params: TenantParams, body: jsonBody(ContractSchema) },
  responses: tenantResponses,
});

const renew = createRoute({
  method: 'post', path: '/tenants/{tenantId}/contract/renew', tags: ['tenants'], summary: 'Extend the contract (ops); cancels a pending credential deletion', security: bearer,
  request: { params: TenantParams, body: jsonBody(RenewSchema) },
  responses: { ...tenantResponses, 409: jsonResponse(ErrorBodySchema, 'The tenant has no contract with an end date yet') },
});

export function tenantRoutes(ctx: ApiContext) {
  const log = (tenantId: string, actorId: string, action: string, message: string) =>
    appendPlatformLog(ctx.db, { tenantId, actor: `user:${actorId}`, action, message });

  async function contractChanged(tenantId: string): Promise<void> {
    await ctx.retention?.onContractChanged(tenantId);
  }

  return createRouter()
    .openapi(create, async (c) => {
      const user = c.get('user');
      if (user.role !== 'ops') throw forbidden('Only ops users create tenants.');
      const tenant = await insertTenant(ctx.db, c.req.valid('json'));
      await log(tenant.id, user.id, 'tenant.created', `tenant ${tenant.id} created`);
      return c.json(tenantJson(tenant), 201);
    })
    .openapi(read, async (c) => {
      const tenant = await getTenant(ctx.db, c.req.valid('param').tenantId);
      if (!tenant) throw notFound();
      return c.json(tenantJson(tenant), 200);
    })
    .openapi(patch, async (c) => {
      const user = c.get('user');
      const { tenantId } = c.req.valid('param');
      const changes = c.req.valid('json');
      if (changes.plan !== undefined && user.role !== 'ops') throw forbidden('Only ops users change the plan.');
      const tenant = await updateTenant(ctx.db, tenantId, changes);
      if (!tenant) throw notFound();
      await log(tenantId, user.id, 'tenant.updated', `fields changed: ${Object.keys(changes).join(', ')}`);
      return c.json(tenantJson(tenant), 200);
    })
    .openapi(contract, async (c) => {
      const user = c.get('user');
      if (user.role !== 'ops') throw forbidden('Only ops users set contracts.');
      const { tenantId } = c.req.valid('param');
      const body = c.req.valid('json');
      const tenant = await setContract(ctx.db, tenantId, body);
      if (!tenant) throw notFound();
      await log(tenantId, user.id, 'contract.set', `contract ${body.startsOn} to ${body.endsOn ?? 'open-ended'}`);
      await contractChanged(tenantId);
      return c.json(tenantJson(tenant), 200);
    })
    .openapi(renew, async (c) => {
      const user = c.get('user');
      if (user.role !== 'ops') throw forbidden('Only ops users renew contracts.');
      const { tenantId } = c.req.valid('param');
      const { endsOn } = c.req.valid('json');
      const current = await getTenant(ctx.db, tenantId);
      if (!current) throw notFound();
      if (!current.contractStartsOn) throw conflict('NO_CONTRACT', 'The tenant has no contract to renew; set one first.');
      if (!current.contractEndsOn) throw conflict('CONTRACT_OPEN_ENDED', 'The contract has no end date; there is nothing to renew.');
      if (endsOn <= current.contractEndsOn) throw fieldError('endsOn', 'A renewal ends after the current end date.');
      const tenant = await setContract(ctx.db, tenantId, { startsOn: current.contractStartsOn, endsOn });
      if (!tenant) throw notFound();
      await log(tenantId, user.id, 'contract.renewed', `contract renewed until ${endsOn}`);
      await contractChanged(tenantId);
      return c.json(tenantJson(tenant), 200);
    });
}
