import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBoundaryFailure } from '../activities/activity-boundary';
import { recordSaleError } from '../activities/record-sale-error';
import { insertTenant } from '../db/queries/tenants';
import { saleErrors } from '../db/schema';
import { safeError } from '../domain/safe-error';
import { createTestDatabase, type TestDatabase } from './support/database';
import { capturingLogger } from './support/worker';

/** Real Postgres errors: what a log line and a Temporal failure keep of them, and the error-record write path. */
describe('database errors at the boundaries', () => {
  let database: TestDatabase;
  let tenantId: string;
  const secret = 'Geheimestraat 12, 1234 AB Ergens';

  beforeAll(async () => {
    database = await createTestDatabase();
    tenantId = (await insertTenant(database.db, { name: 'Foutwinkel' })).id;
  });
  afterAll(async () => database?.drop());

  async function failingInsert(): Promise<unknown> {
    try {
      // U+0000 in a text column: Postgres refuses it (SQLSTATE 22021), and drizzle's error quotes every parameter.
      await insertTenant(database.db, { name: `x\u0000`, address: secret });
    } catch (error) {
      return error;
    }
    throw new Error('the insert did not fail');
  }

  it('a log line of a failed query holds its SQLSTATE, never the query parameters', async () => {
    const error = await failingInsert();
    expect(String((error as Error).message)).toContain(secret); // what the driver gives us
    const lines: string[] = [];
    capturingLogger(lines).error({ err: error }, 'query failed');
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.join('\n')).toContain('22021');
    expect(JSON.stringify(safeError(error))).not.toContain('Geheimestraat');
  });

  it('at the activity boundary a data exception is a non-retryable DATABASE_REJECTED failure without the parameters', async () => {
    const failure = toBoundaryFailure(await failingInsert());
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe('DATABASE_REJECTED');
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).message).not.toContain('Geheimestraat');
  });

  it('an error record whose values hold U+0000 and lone surrogates is still written, once, in a visible form', async () => {
    const result = await recordSaleError(database.db, {
      tenantId, source: 'woocommerce', externalId: '77\u0000', workflowId: 'sale:x', runId: 'r', orderNumber: 'WC\u000077', code: 'INVALID_EMAIL',
      params: { summary: 'The customer\u0000s e-mail address is not a valid address.' }, pii: { email: 'jan\u0000@voorbeeld.nl\uD800' },
    });
    expect(result.isNew).toBe(true);
    const rows = await database.db.select().from(saleErrors);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.pii).toEqual({ email: 'jan\uFFFD@voorbeeld.nl\uFFFD' });
    expect(rows[0]!.orderNumber).toBe('WC\uFFFD77');
  });
});
