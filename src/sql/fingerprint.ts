import { hash } from 'node:crypto';
import { fastNormalize } from './fast-normalize.js';

export interface SqlFingerprint {
  /** 16 lowercase hex characters: the first 64 bits of SHA-256 over the normalised text. */
  readonly fingerprint: string;
  readonly normalized: string;
}

const FINGERPRINT_HEX_CHARS = 16;

// SHA-256 stays: fingerprints are stored, and hashing is a few percent of the time (docs/performance.md).
// The one-shot `crypto.hash` gives the same digest as createHash() without building a Hash object.
function hashNormalized(normalized: string): string {
  return hash('sha256', normalized, 'hex').slice(0, FINGERPRINT_HEX_CHARS);
}

/**
 * Groups queries that differ only in literals, spacing, comments or keyword case. Never throws.
 * The text hashed is exactly `normalize(sql)`, computed by the one-pass `fastNormalize`.
 *
 * @example
 * fingerprint('SELECT * FROM t WHERE id = 1') === fingerprint('select *  from T where id = 42'); // true
 */
export function fingerprint(sql: string): string {
  return hashNormalized(fastNormalize(sql));
}

/** The fingerprint together with the normalised text it hashes, for storing both. */
export function fingerprintSql(sql: string): SqlFingerprint {
  const normalized = fastNormalize(sql);
  return { fingerprint: hashNormalized(normalized), normalized };
}
