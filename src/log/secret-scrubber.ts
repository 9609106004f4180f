import { Writable } from 'node:stream';

/**
 * A destination stream that removes known secret values from every log line before it is written.
 * Key-based redaction misses secrets that end up inside messages or error text; this catches them.
 */
export function createSecretScrubber(options: {
  readonly secrets: readonly string[];
  readonly write: (line: string) => void;
}): Writable {
  // Very short values would censor ordinary words; real passwords and tokens are longer.
  const secrets = [...new Set(options.secrets.filter((s) => s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  const jsonForms = secrets.map((s) => JSON.stringify(s).slice(1, -1));
  const patterns = [...new Set([...secrets, ...jsonForms])];
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      let line = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      for (const p of patterns) line = line.split(p).join('[redacted]');
      options.write(line);
      callback();
    },
  });
}
