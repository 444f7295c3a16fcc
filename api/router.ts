import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { validationHook } from './errors';

/** Every sub-app validates with the same hook (OpenAPIHono does not inherit it from the parent). */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
