import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * The Temporal SDK's own log lines (activity and workflow failures, with the error object) go through
 * the process's pino logger, whose serializers keep query parameters and row values out. Installs the
 * SDK runtime, so call it once per process, before the first worker or native connection.
 */
export function installSdkLogger(logger: Logger, level: LogLevel = 'WARN'): void {
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      logger[levels[entry.level]]({ sdk: true, ...entry.meta }, entry.message);
    }),
  });
}
