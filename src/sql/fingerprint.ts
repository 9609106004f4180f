import { createHash } from 'node:crypto';
import { normalize } from './normalize.js';

export interface SqlFingerprint {
  /** 16 lowercase hex characters: the first 64 bits of SHA-256 over the normalised text. */
  readonly fingerprint: string;
  readonly normalized: string;
}

const FINGERPRINT_HEX_CHARS = 16;

function hashNormalized(normalized: string): string {
  return createHash('sha256').update(normalized, 'utf8').digest('hex').slice(0, FINGERPRINT_HEX_CHARS);
}

/**
 * Groups queries that differ only in literals, spacing, comments or keyword case. Never throws.
 *
 * @example
 * fingerprint('SELECT * FROM t WHERE id = 1') === fingerprint('select *  from T where id = 42'); // true
 */
export function fingerprint(sql: string): string {
  return hashNormalized(normalize(sql));
}

/** The fingerprint together with the normalised text it hashes, for storing both. */
export function fingerprintSql(sql: string): SqlFingerprint {
  const normalized = normalize(sql);
  return { fingerprint: hashNormalized(normalized), normalized };
}
