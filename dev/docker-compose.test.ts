import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  image?: string;
  build?: string;
  ports?: string[];
  environment?: Record<string, string>;
  command?: string[];
}

// No Docker engine runs here, so the compose file is checked for shape, not run.
const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')) as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  it('runs Postgres, Temporal on Postgres, the Temporal UI, the worker and the API', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'worker', 'api']));
    expect(compose.services.temporal?.environment?.DB).toBe('postgres12');
    expect(compose.services.worker?.command).toEqual(['npx', 'tsx', 'worker/main.ts']);
  });

  it('does not publish the database outside the compose network', () => {
    expect(compose.services.postgres?.ports).toBeUndefined();
  });

  it('points the Temporal UI at the API codec endpoint', () => {
    expect(compose.services['temporal-ui']?.environment?.TEMPORAL_CODEC_ENDPOINT).toMatch(/\/codec$/);
  });

  it('runs an S3-compatible store for the backups, reached by the worker only, with a backup key of its own', () => {
    const env = compose.services.worker?.environment ?? {};
    expect(compose.services.s3?.image).toMatch(/^minio\/minio:RELEASE\./);
    expect(compose.services.s3?.ports).toBeUndefined();
    expect(env.BACKUP_S3_ENDPOINT).toContain('http://s3:9000');
    expect(env.DOORZET_BACKUP_KEY).toContain('DOORZET_BACKUP_KEY');
    expect(env.DOORZET_BACKUP_KEY).not.toBe(env.DOORZET_MASTER_KEY);
    expect((compose.services.worker as { depends_on?: Record<string, unknown> }).depends_on).toHaveProperty('s3');
  });

  it('keeps Temporal histories at most 30 days', () => {
    expect(compose.services.temporal?.environment?.DEFAULT_NAMESPACE_RETENTION).toBe('720h');
  });
});
