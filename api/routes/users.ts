import { createRoute, z } from '@hono/zod-openapi';
import { hashPassword } from '../../crypto/password';
import { newAccountKey } from '../../crypto/tokens';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { tenantExists } from '../../db/queries/tenants';
import { EmailInUseError, insertUser } from '../../db/queries/users';
import type { ApiContext } from '../deps';
import { conflict, fieldError, forbidden, notFound } from '../errors';
import { assertPasswordPolicy } from '../password-rules';
import { createRouter } from '../router';
import { bearer, ErrorBodySchema, errorResponses, jsonBody, jsonResponse } from '../schemas';
import { UserSchema } from './auth';

const NewUserSchema = z.object({
  email: z.email().max(254),
  password: z.string().max(1024).openapi({ description: 'At least 10 characters with an upper-case letter, a lower-case letter, a digit and one of ! ? @ $ ^ & * - %' }),
  role: z.enum(['tenant', 'ops']).default('tenant'),
  tenantId: z.uuid().optional().openapi({ description: 'Required for a tenant user created by ops; tenant users create users of their own tenant' }),
}).openapi('NewUser');

const CreatedUserSchema = UserSchema.extend({
  accountKey: z.string().openapi({ description: 'Shown once; needed to log in' }),
}).openapi('CreatedUser');

const createUser = createRoute({
  method: 'post',
  path: '/users',
  tags: ['auth'],
  summary: 'Create a dashboard user (ops: any; tenant users: users of their own tenant)',
  security: bearer,
  request: { body: jsonBody(NewUserSchema) },
  responses: {
    201: jsonResponse(CreatedUserSchema, 'The user, with its account key (returned only now)'),
    ...errorResponses,
    409: jsonResponse(ErrorBodySchema, 'The e-mail address is in use'),
  },
});

export function userRoutes(ctx: ApiContext) {
  return createRouter().openapi(createUser, async (c) => {
    const actor = c.get('user');
    const input = c.req.valid('json');
    let tenantId: string | null;
    if (actor.role === 'ops') {
      if (input.role === 'ops' && input.tenantId) throw fieldError('tenantId', 'An ops user belongs to no tenant.');
      if (input.role === 'tenant' && !input.tenantId) throw fieldError('tenantId', 'Required for a tenant user.');
      tenantId = input.role === 'tenant' ? (input.tenantId ?? null) : null;
      if (tenantId && !(await tenantExists(ctx.db, tenantId))) throw notFound();
    } else {
      if (input.role !== 'tenant') throw forbidden('Tenant users can create only tenant users.');
      if (input.tenantId && input.tenantId !== actor.tenantId) throw notFound();
      tenantId = actor.tenantId;
    }
    assertPasswordPolicy(input.password);
    const accountKey = await newAccountKey();
    let user;
    try {
      user = await insertUser(ctx.db, {
        email: input.email, accountKey, role: input.role, tenantId,
        passwordHash: await hashPassword(input.password, ctx.passwordHashParams),
      });
    } catch (error) {
      if (error instanceof EmailInUseError) throw conflict('EMAIL_IN_USE', 'This e-mail address cannot be used.');
      throw error;
    }
    await appendPlatformLog(ctx.db, {
      tenantId, actor: `user:${actor.id}`, action: 'user.created', message: `user ${user.id} (${user.role}) created`,
    });
    return c.json({ id: user.id, email: user.email, role: user.role, tenantId: user.tenantId, accountKey }, 201);
  });
}
