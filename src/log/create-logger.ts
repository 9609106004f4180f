import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { contextFields } from './log-context.js';
import { createSecretScrubber } from './secret-scrubber.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly level: string;
  /** Unset: pretty when the destination is a terminal, JSON otherwise. */
  readonly format?: 'json' | 'pretty' | undefined;
  /** Values that must never appear in a log line (passwords, tokens, database URLs with passwords). */
  readonly secrets?: readonly string[];
  /** Where lines go; stderr by default so stdout stays clean for results. */
  readonly destination?: NodeJS.WritableStream & { isTTY?: boolean };
}

const REDACT_PATHS = [
  'password',
  'token',
  'authorization',
  'Authorization',
  '*.password',
  '*.token',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  '*.headers.authorization',
  'config.dremio.password',
  'config.dremio.token',
  'config.database.url',
];

/** Creates the root logger. Create it once at the edge (CLI entry, server start) and pass it down. */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stderr;
  const format = options.format ?? (destination.isTTY === true ? 'pretty' : 'json');
  const sink =
    format === 'pretty'
      ? pretty({
          destination,
          colorize: destination.isTTY === true,
          sync: true,
          translateTime: 'SYS:HH:MM:ss',
        })
      : destination;
  const scrubbed = createSecretScrubber({
    secrets: options.secrets ?? [],
    write: (line) => sink.write(line),
  });
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: undefined,
      // The request id and, when tracing is on, trace_id and span_id (see log-context.ts).
      mixin: contextFields,
    },
    scrubbed,
  );
}
