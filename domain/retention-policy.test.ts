import { describe, expect, it } from 'vitest';
import {
  RETENTION_RULES, RETENTION_RULE_IDS, STATUTORY_PURGE_GRACE_MONTHS, STATUTORY_TERM_MONTHS, TEMPORAL_RETENTION_MAX_DAYS,
  addDays, addMonths, dueAt, isRetentionRuleId, latestAt, retentionRule,
} from './retention-policy';

const d = (iso: string) => new Date(iso);

describe('addMonths', () => {
  it('clamps to the last day of a shorter month', () => {
    expect(addMonths(d('2025-01-31T00:00:00Z'), 1)).toEqual(d('2025-02-28T00:00:00Z'));
    expect(addMonths(d('2024-01-31T00:00:00Z'), 1)).toEqual(d('2024-02-29T00:00:00Z'));
    expect(addMonths(d('2025-03-31T12:00:00Z'), 1)).toEqual(d('2025-04-30T12:00:00Z'));
    expect(addMonths(d('2025-08-31T00:00:00Z'), -6)).toEqual(d('2025-02-28T00:00:00Z'));
  });

  it('handles Feb 29 across years', () => {
    expect(addMonths(d('2024-02-29T08:30:00Z'), 12)).toEqual(d('2025-02-28T08:30:00Z'));
    expect(addMonths(d('2024-02-29T08:30:00Z'), 48)).toEqual(d('2028-02-29T08:30:00Z'));
    expect(addMonths(d('2024-02-29T00:00:00Z'), 1)).toEqual(d('2024-03-29T00:00:00Z'));
  });

  it('crosses year boundaries in both directions and keeps the time of day', () => {
    expect(addMonths(d('2025-11-15T23:59:59.123Z'), 2)).toEqual(d('2026-01-15T23:59:59.123Z'));
    expect(addMonths(d('2025-01-15T00:00:00Z'), -1)).toEqual(d('2024-12-15T00:00:00Z'));
    expect(addMonths(d('2025-01-15T00:00:00Z'), 0)).toEqual(d('2025-01-15T00:00:00Z'));
  });

  it('does not mutate its input and refuses bad arguments', () => {
    const input = d('2025-01-31T00:00:00Z');
    addMonths(input, 1);
    expect(input).toEqual(d('2025-01-31T00:00:00Z'));
    expect(() => addMonths(input, 1.5)).toThrow(RangeError);
    expect(() => addMonths(new Date('nope'), 1)).toThrow(RangeError);
  });

  it('addDays adds whole UTC days, through a daylight-saving change', () => {
    expect(addDays(d('2025-03-29T12:00:00Z'), 2)).toEqual(d('2025-03-31T12:00:00Z'));
    expect(addDays(d('2024-02-28T00:00:00Z'), 1)).toEqual(d('2024-02-29T00:00:00Z'));
  });
});

describe('retention table', () => {
  it('holds every rule of DESIGN.md once', () => {
    expect(RETENTION_RULE_IDS).toEqual([
      'saleRecordDeletion', 'debtorDeletion', 'credentialDeletion', 'errorRecordRedaction', 'logPurge',
      'statutoryPurge', 'analyticsReportPurge', 'backupPrune', 'debugCopyDestruction', 'temporalHistoryRetention',
    ]);
    expect(new Set(RETENTION_RULE_IDS).size).toBe(RETENTION_RULES.length);
    expect(isRetentionRuleId('logPurge')).toBe(true);
    expect(isRetentionRuleId('forever')).toBe(false);
  });

  it('computes due dates per rule', () => {
    const from = d('2025-01-31T09:00:00Z');
    expect(dueAt('errorRecordRedaction', from)).toEqual(d('2025-03-31T09:00:00Z'));
    expect(dueAt('credentialDeletion', d('2024-12-31T00:00:00Z'))).toEqual(d('2025-02-28T00:00:00Z'));
    expect(dueAt('logPurge', from)).toEqual(d('2025-02-28T09:00:00Z'));
    expect(dueAt('analyticsReportPurge', d('2025-01-01T00:00:00Z'))).toEqual(d('2025-06-30T00:00:00Z'));
    expect(dueAt('backupPrune', from)).toEqual(d('2025-03-31T09:00:00Z'));
    expect(dueAt('temporalHistoryRetention', d('2025-01-01T00:00:00Z'))).toEqual(d('2025-01-31T00:00:00Z'));
    expect(dueAt('debtorDeletion', from)).toEqual(from);
  });

  it('exposes the statutory term and its grace separately', () => {
    expect(STATUTORY_TERM_MONTHS).toBe(84);
    expect(STATUTORY_PURGE_GRACE_MONTHS).toBe(3);
    const from = d('2024-02-29T00:00:00Z');
    expect(dueAt('statutoryPurge', from)).toEqual(d('2031-02-28T00:00:00Z'));
    expect(latestAt('statutoryPurge', from)).toEqual(d('2031-05-28T00:00:00Z'));
    expect(latestAt('logPurge', from)).toEqual(dueAt('logPurge', from));
  });

  it('caps Temporal history retention at 30 days', () => {
    expect(TEMPORAL_RETENTION_MAX_DAYS).toBe(30);
    expect(retentionRule('temporalHistoryRetention')).toMatchObject({ keptFor: { days: 30 }, bound: 'at-most' });
  });

  it('redacts error records and deletes everything else', () => {
    expect(retentionRule('errorRecordRedaction').after).toBe('redacted');
    expect(retentionRule('credentialDeletion')).toMatchObject({ trigger: 'contract-ended', mechanism: 'timer-workflow', keptFor: { months: 2 } });
    expect(retentionRule('debtorDeletion').alsoOn).toEqual(['erasure-request']);
  });

  it('destroys debug copies when the errors are resolved, after 14 days at the latest', () => {
    expect(retentionRule('debugCopyDestruction')).toMatchObject({ keptFor: { days: 14 }, bound: 'at-most', mechanism: 'timer-workflow', alsoOn: ['errors-resolved'] });
    expect(dueAt('debugCopyDestruction', d('2025-02-20T10:00:00Z'))).toEqual(d('2025-03-06T10:00:00Z'));
  });
});
