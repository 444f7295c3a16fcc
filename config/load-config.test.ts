import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config';

const key = Buffer.alloc(32, 7).toString('base64');
const valid = { DOORZET_MASTER_KEY: key, DOORZET_CODEC_KEY: key };

describe('loadConfig', () => {
  it('applies defaults for everything optional', () => {
    const config = loadConfig(valid);
    expect(config.TEMPORAL_NAMESPACE).toBe('default');
    expect(config.API_PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DEMO).toBe(true);
  });

  it('names a missing required setting', () => {
    expect(() => loadConfig({ DOORZET_CODEC_KEY: key })).toThrowError(/DOORZET_MASTER_KEY: is required but not set/);
  });

  it('names every malformed setting at once', () => {
    try {
      loadConfig({ ...valid, API_PORT: 'eighty', TEMPORAL_ADDRESS: 'no-port', DOORZET_CODEC_KEY: 'c2hvcnQ=' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const settings = (error as ConfigError).problems.map((p) => p.setting).sort();
      expect(settings).toEqual(['API_PORT', 'DOORZET_CODEC_KEY', 'TEMPORAL_ADDRESS']);
      expect((error as Error).message).toContain('32 bytes');
    }
  });

  it('reads booleans as words, not as truthy strings', () => {
    expect(loadConfig({ ...valid, DEMO: 'false' }).DEMO).toBe(false);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ ...valid, DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
