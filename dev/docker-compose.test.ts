import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compiledWorkerEntry, workerNodeFlags, workerProcessEnv } from '../worker/compiled';

interface Service {
  image?: string;
  build?: string;
  ports?: string[];
  environment?: Record<string, string>;
  command?: string[];
  networks?: string[];
  configs?: { source: string; target: string }[];
}

// No Docker engine runs here, so the compose file is checked for shape, not run.
// merge: the `<<: *doorzet-env` keys, as docker compose reads them.
const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  networks?: Record<string, { internal?: boolean } | null>;
  configs?: Record<string, { content?: string }>;
};

describe('docker-compose.yml', () => {
  it('runs Postgres, Temporal on Postgres, the Temporal UI, the worker and the API', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'worker', 'api']));
    expect(compose.services.temporal?.environment?.DB).toBe('postgres12');
    expect(compose.services.worker?.command).toEqual(['node', ...workerNodeFlags, compiledWorkerEntry]);
  });

  it('starts the worker as worker/compiled.ts says: compiled in the image, its node flags and malloc setting', () => {
    expect(readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8')).toMatch(/^RUN npm run build$/m);
    expect(compose.services.worker?.environment).toMatchObject(workerProcessEnv);
    expect(compose.services.worker?.environment?.DATABASE_URL).toBeDefined();
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    const env = Object.entries(workerProcessEnv).map(([k, v]) => `${k}=${v}`).join(' ');
    expect(pkg.scripts.worker).toBe(`npm run -s build && ${env} node ${workerNodeFlags.join(' ')} ${compiledWorkerEntry}`);
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

  it('does not publish the Temporal UI: only an authenticating proxy in front of it is reachable', () => {
    const ui = compose.services['temporal-ui']!;
    expect(ui.ports).toBeUndefined();
    const published = Object.entries(compose.services).filter(([, s]) => (s.ports ?? []).some((p) => p.startsWith('8233:')));
    expect(published.map(([name]) => name)).toEqual(['temporal-ui-auth']);
    const proxy = compose.services['temporal-ui-auth']!;
    // The UI sits on an internal network only; the proxy is the one service on both sides.
    expect(ui.networks).toEqual(['ui']);
    expect(compose.networks?.ui?.internal).toBe(true);
    const onBoth = Object.entries(compose.services).filter(([, s]) => s.networks?.includes('ui') && (s.ports ?? []).length > 0);
    expect(onBoth.map(([name]) => name)).toEqual(['temporal-ui-auth']);
    const caddyfile = compose.configs?.[proxy.configs?.[0]?.source ?? '']?.content ?? '';
    expect(caddyfile).toMatch(/basic_auth\s*\{\s*\{\$\$TEMPORAL_UI_USER\} \{\$\$TEMPORAL_UI_PASSWORD_HASH\}/);
    expect(caddyfile).toContain('reverse_proxy temporal-ui:8080');
    // Start-up fails without credentials instead of serving the UI open.
    expect(proxy.environment?.TEMPORAL_UI_USER).toMatch(/:\?/);
    expect(proxy.environment?.TEMPORAL_UI_PASSWORD_HASH).toMatch(/:\?/);
  });
});
