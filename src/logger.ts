import { pino, type Logger } from 'pino';

export type { Logger };

/** One structured logger (pino) for the process; children carry a component name. */
export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: undefined });
}
