import pino, { type DestinationStream, type Logger } from 'pino';
import { safeError } from '../domain/safe-error';

/**
 * Every process logs through this: errors are serialised by safeError (no query parameters, no
 * row values, no stack header repeating the message), whatever key they are logged under.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const serializers = { err: safeError, error: safeError, cause: safeError };
  return destination ? pino({ level, serializers }, destination) : pino({ level, serializers });
}
