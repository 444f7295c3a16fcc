import { randomBytes } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { msNumberToTs, optionalTsToMs } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { TEMPORAL_RETENTION_MAX_DAYS } from '../../domain/retention-policy';
import { ensureNamespaceRetention } from '../../worker/namespace-retention';

const DAY_MS = 86_400_000;

describe('Temporal namespace retention on the dev server', () => {
  let connection: Connection;
  const namespace = `retention-${randomBytes(4).toString('hex')}`;
  const retentionDays = async (ns: string) =>
    (optionalTsToMs((await connection.workflowService.describeNamespace({ namespace: ns })).config?.workflowExecutionRetentionTtl) ?? 0) / DAY_MS;

  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msNumberToTs(90 * DAY_MS) });
  });
  afterAll(async () => connection?.close());

  it('lowers a 90-day retention to the policy maximum of 30 days, once', async () => {
    expect(await retentionDays(namespace)).toBe(90);
    expect(await ensureNamespaceRetention(connection, namespace)).toEqual({ beforeDays: 90, afterDays: TEMPORAL_RETENTION_MAX_DAYS, changed: true });
    expect(await retentionDays(namespace)).toBe(30);
    expect(await ensureNamespaceRetention(connection, namespace)).toEqual({ beforeDays: 30, afterDays: 30, changed: false });
  });

  it('lowers further to a configured shorter retention, but never raises it above 30 days', async () => {
    expect(await ensureNamespaceRetention(connection, namespace, 7)).toMatchObject({ afterDays: 7, changed: true });
    expect(await ensureNamespaceRetention(connection, namespace, 45)).toMatchObject({ afterDays: 7, changed: false });
    expect(await retentionDays(namespace)).toBe(7);
    await expect(ensureNamespaceRetention(connection, namespace, 0)).rejects.toThrow(RangeError);
  });

  it('leaves the dev server default namespace (1 day) as it is', async () => {
    const before = await retentionDays('default');
    expect(before).toBeLessThanOrEqual(TEMPORAL_RETENTION_MAX_DAYS);
    expect(await ensureNamespaceRetention(connection, 'default')).toMatchObject({ afterDays: before, changed: false });
  });
});
