import { Writable } from 'node:stream';
import { createRedactor, type Redactor } from './redact-text.js';

/**
 * A destination stream that removes secrets from everything written through it before passing it on.
 * Key-based redaction misses secrets that end up inside messages or error text; this catches them.
 */
export function createSecretScrubber(options: {
  readonly secrets?: readonly string[];
  /** Shared with other streams, so a secret learnt later (from the config file) is removed everywhere. */
  readonly redactor?: Redactor;
  readonly write: (text: string) => void;
}): Writable {
  const redactor = options.redactor ?? createRedactor();
  if (options.secrets !== undefined) redactor.add(options.secrets);
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      options.write(redactor.redact(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
      callback();
    },
  });
}

/** Wraps an output stream (stdout, stderr) so nothing written to it shows a secret; keeps `isTTY` and `columns`. */
export function scrubStream<T extends NodeJS.WritableStream & { isTTY?: boolean }>(
  target: T,
  redactor: Redactor,
): Writable & { isTTY?: boolean } {
  const scrubbed: Writable & { isTTY?: boolean } = createSecretScrubber({
    redactor,
    write: (text) => target.write(text),
  });
  if (target.isTTY === true) scrubbed.isTTY = true;
  // The terminal's width, read when asked (a window can be resized), so tables fit the real terminal.
  Object.defineProperty(scrubbed, 'columns', { get: () => (target as { columns?: number }).columns });
  return scrubbed;
}
