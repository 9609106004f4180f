// Logging: one pino root logger created at the edge and passed down; JSON to stderr, pretty on a terminal.
// Secrets are removed by key and by value before any line is written.
export { createLogger, type Logger, type LoggerOptions } from './create-logger.js';
export { createSecretScrubber } from './secret-scrubber.js';
