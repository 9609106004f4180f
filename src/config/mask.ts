import { redactUrl } from '../log/redact-text.js';

/** Masks a secret for display: enough to tell two values apart is still too much, so nothing is kept. */
export function maskSecret(value: string): string {
  if (value === '') return '';
  // A database URL is worth showing (which server, which database) once its password is gone, wherever
  // it was given: `user:password@` or `?password=`.
  if (/^postgres(ql)?:\/\//i.test(value)) return redactUrl(value);
  return '****';
}
