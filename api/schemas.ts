import { z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';

/** Schemas shared by the routes, and helpers for createRoute. */

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string(), rule: z.string().optional() })).optional(),
  }),
}).openapi('Error');

/** A UUID in its one canonical spelling (lower case): workflow ids, key ids and the vault's associated data compare bytes. */
export const canonicalUuid = () => z.uuid().transform((id) => id.toLowerCase());

export const TenantParams = z.object({ tenantId: canonicalUuid() });

export const bearer = [{ Bearer: [] }];

export function jsonBody<T extends ZodType>(schema: T, description?: string) {
  // required: without it zod-openapi skips validation when the Content-Type is not JSON.
  return { content: { 'application/json': { schema } }, required: true, ...(description ? { description } : {}) };
}

export function jsonResponse<T extends ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

const errorResponse = (description: string) => ({ content: { 'application/json': { schema: ErrorBodySchema } }, description });

/** The error responses a protected route can give, for the OpenAPI document. */
export const errorResponses = {
  400: errorResponse('Validation error; `fields` names each invalid field'),
  401: errorResponse('No valid session'),
  403: errorResponse('Not allowed for this role'),
  404: errorResponse('Not found, or not yours'),
} as const;
