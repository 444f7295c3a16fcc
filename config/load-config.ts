import { configSchema, type Config } from './schema';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: { setting: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.setting}: ${p.message}`).join('\n')}`);
  }
}

/** Parse the environment once; a missing or malformed setting throws a ConfigError naming it. */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  // Empty strings count as unset so `FOO= npm start` behaves like leaving FOO out.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({
      setting: i.path.join('.') || '(root)',
      message: i.code === 'invalid_type' && i.input === undefined ? 'is required but not set' : i.message,
    })));
  }
  return Object.freeze(parsed.data);
}

/** Keys as bytes, for crypto/. */
export function masterKeys(config: Config) {
  const previous = config.DOORZET_PREVIOUS_MASTER_KEYS.split(',').filter(Boolean).map((pair) => {
    const [id, key] = pair.split(':');
    if (!id || !key || Buffer.from(key, 'base64').length !== 32) {
      throw new ConfigError([{ setting: 'DOORZET_PREVIOUS_MASTER_KEYS', message: 'must be a comma-separated list of id:base64-32-byte-key' }]);
    }
    return { id, key: new Uint8Array(Buffer.from(key, 'base64')) };
  });
  return {
    current: { id: config.DOORZET_MASTER_KEY_ID, key: new Uint8Array(Buffer.from(config.DOORZET_MASTER_KEY, 'base64')) },
    previous,
  };
}

export function codecKey(config: Config): Uint8Array {
  return new Uint8Array(Buffer.from(config.DOORZET_CODEC_KEY, 'base64'));
}

export function apiPublicUrl(config: Config): string {
  return config.API_PUBLIC_URL ?? `http://${config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST}:${config.API_PORT}`;
}
