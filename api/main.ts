import pino from 'pino';
import { ConfigError, loadConfig } from '../config';
import { startApi } from './server';

// The API on its own (docker-compose, production). `npm start` runs it in-process through startApi.
try {
  const config = loadConfig(process.env);
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new ConfigError([
      ...(config.DATABASE_URL ? [] : [{ setting: 'DATABASE_URL', message: 'is required for the API on its own' }]),
      ...(config.TEMPORAL_ADDRESS ? [] : [{ setting: 'TEMPORAL_ADDRESS', message: 'is required for the API on its own' }]),
    ]);
  }
  const logger = pino({ level: config.LOG_LEVEL });
  const api = await startApi(config, { logger });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping API');
    api.stop().then(() => process.exit(0), (error: unknown) => {
      logger.error({ err: error }, 'API did not stop cleanly');
      process.exit(1);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
