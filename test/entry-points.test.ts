import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCompiledWorker, compiledWorkerStart } from './support/compiled-worker';

const key = Buffer.alloc(32, 1).toString('base64');

/** Runs an entry point the way an operator would, with only the given environment. */
function run(entry: string, env: Record<string, string>, nodeArgs: string[] = ['--import', 'tsx']) {
  return spawnSync(process.execPath, [...nodeArgs, entry], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('entry points refuse bad configuration with a message naming the setting', () => {
  it('worker: a missing master key and a malformed port', () => {
    const result = run('worker/main.ts', { DOORZET_CODEC_KEY: key, API_PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DOORZET_MASTER_KEY: is required but not set');
    expect(result.stderr).toContain('API_PORT');
    expect(result.stderr).not.toContain('    at '); // a message for operators, not a stack trace
  });

  it('worker: no DATABASE_URL or TEMPORAL_ADDRESS outside npm start', () => {
    const result = run('worker/main.ts', { DOORZET_CODEC_KEY: key, DOORZET_MASTER_KEY: key });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/DATABASE_URL: is required/);
    expect(result.stderr).toMatch(/TEMPORAL_ADDRESS: is required/);
  });

  it('the compiled worker (npm run build, started as production starts it) says the same', async () => {
    const compiled = await buildCompiledWorker(`dist/test-entry-${randomBytes(4).toString('hex')}`);
    try {
      const start = compiledWorkerStart(compiled.entry);
      const result = run(start.script, { ...start.extraEnv, DOORZET_CODEC_KEY: key, API_PORT: 'eighty' }, start.nodeFlags);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('DOORZET_MASTER_KEY: is required but not set');
      expect(result.stderr).toContain('API_PORT');
      expect(result.stderr).not.toContain('    at ');
    } finally {
      await compiled.remove();
    }
  }, 120_000);

  it('api: a key of the wrong length', () => {
    const result = run('api/main.ts', { DOORZET_CODEC_KEY: 'c2hvcnQ=', DOORZET_MASTER_KEY: key, DATABASE_URL: 'postgres://x@127.0.0.1:1/x', TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DOORZET_CODEC_KEY: DOORZET_CODEC_KEY must be 32 bytes');
  });
});
