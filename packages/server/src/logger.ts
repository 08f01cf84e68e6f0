import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * The server's structured logger. Credentials never reach it: request URLs
 * may carry a token in the query string, so code logs script ids and user ids,
 * never raw URLs or headers.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'writersroom' },
    redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.cookie'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
