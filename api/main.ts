import pino from 'pino';
import { ConfigError, loadConfig } from '../config';
import { safeError } from '../domain/safe-error';
import { apiDepsOf, composeProcess } from '../worker/composition';
import { createLogger } from '../worker/logger';
import { startApi } from './server';

// The API on its own (docker-compose, production). Its parts come from the one composition root,
// the same that the worker, `npm start` and the tests use (retention hooks included).
try {
  const config = loadConfig(process.env);
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new ConfigError([
      ...(config.DATABASE_URL ? [] : [{ setting: 'DATABASE_URL', message: 'is required for the API on its own' }]),
      ...(config.TEMPORAL_ADDRESS ? [] : [{ setting: 'TEMPORAL_ADDRESS', message: 'is required for the API on its own' }]),
    ]);
  }
  // One log line per request: written asynchronously (lines that come while a write is under way go out
  // together; pino flushes on exit), not one blocking write to stdout per request.
  const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: 1, sync: false }));
  const parts = await composeProcess({ ...config, DATABASE_URL: config.DATABASE_URL, TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS }, { logger });
  const api = await startApi(config, apiDepsOf(parts));
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping API');
    api.stop().then(() => parts.close()).then(() => process.exit(0), (error: unknown) => {
      logger.error({ err: error }, 'API did not stop cleanly');
      process.exit(1);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `API failed: ${JSON.stringify(safeError(error))}`);
  process.exit(1);
}
