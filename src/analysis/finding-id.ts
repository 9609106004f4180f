import { createHash } from 'node:crypto';
import type { DetectorId } from '../domain/detector-id.js';
import { type FindingSubject, subjectKey } from '../domain/finding.js';

/** Hex digits kept from the hash: 64 bits, short enough to type into `waive`, far from colliding. */
const ID_HEX_DIGITS = 16;

export const FINDING_ID_PATTERN = /^[0-9a-f]{16}$/;

/**
 * The stable id of a finding: a hash of the detector and the subject key, so the same problem keeps its
 * id across runs (first seen, last seen, waivers) whatever its numbers do.
 *
 * @example
 * findingId('spill', { kind: 'fingerprint', fingerprint: 'ab12', sampleSql: null }) // 16 hex digits
 */
export function findingId(detector: DetectorId, subject: FindingSubject): string {
  return createHash('sha256')
    .update(`${detector}\n${subjectKey(subject)}`)
    .digest('hex')
    .slice(0, ID_HEX_DIGITS);
}
