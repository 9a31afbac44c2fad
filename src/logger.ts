import { pino, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

export type { Logger };

/** `pretty`: one human line per event (pino-pretty); `json`: one JSON object per line (pino's own). */
export type LogFormat = 'pretty' | 'json';

/**
 * One structured logger (pino) for the process; children carry a component name.
 * `format` unset = pretty when stdout is a terminal (a person reads it), JSON otherwise
 * (pipes, files and log collectors parse it).
 */
export function createLogger(level: string = 'info', format?: LogFormat): Logger {
  const options = { level, base: undefined };
  if ((format ?? (process.stdout.isTTY ? 'pretty' : 'json')) === 'json') return pino(options);
  // A stream in this process, not a pino transport: a transport runs in a worker thread that
  // must resolve pino-pretty by itself, and it loses the last lines when the process exits.
  return pino(
    options,
    PinoPretty({
      sync: true,
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss.l',
      messageFormat: '{if component}[{component}] {end}{msg}',
      ignore: 'component',
    }),
  );
}
