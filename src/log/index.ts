// Logging: one pino root logger created at the edge and passed down; JSON to stderr, pretty on a terminal.
// Secrets are removed by key and by value before any line is written, and from every CLI output.
export { createLogger, type Logger, type LoggerOptions } from './create-logger.js';
export { contextFields, withLogFields } from './log-context.js';
export {
  createRedactor,
  REDACTED,
  type Redactor,
  redactUrl,
  SECRET_NAME,
  secretsInUrl,
} from './redact-text.js';
export { createSecretScrubber, scrubStream } from './secret-scrubber.js';
