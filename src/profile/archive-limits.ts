import { formatBytes } from '../domain/units.js';

/** Limits that keep a hostile or accidental input from exhausting memory. */
export interface ArchiveLimits {
  /** Largest file read from disk, and largest single entry unpacked from an archive or gzip. */
  readonly maxFileBytes: number;
  /** Largest total of decompressed bytes taken from one gzip, tar.gz or ZIP. */
  readonly maxUncompressedBytes: number;
  /** Largest decompressed:compressed ratio accepted for data above {@link RATIO_CHECK_MIN_BYTES}. */
  readonly maxCompressionRatio: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxFileBytes: 256 * 1024 * 1024,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
};

// Tiny members (a 2 KB header of spaces) reach high ratios harmlessly; only judge ratios on real volume.
export const RATIO_CHECK_MIN_BYTES = 1024 * 1024;

/** A reason to refuse `uncompressedBytes` produced from `compressedBytes`, or undefined when acceptable. */
export function bombReason(options: {
  compressedBytes: number;
  uncompressedBytes: number;
  limits: ArchiveLimits;
}): string | undefined {
  const { compressedBytes, uncompressedBytes, limits } = options;
  if (uncompressedBytes > limits.maxUncompressedBytes) {
    return `it expands to more than ${formatBytes(limits.maxUncompressedBytes)} (limit maxUncompressedBytes)`;
  }
  const ratio = uncompressedBytes / Math.max(compressedBytes, 1);
  if (uncompressedBytes >= RATIO_CHECK_MIN_BYTES && ratio > limits.maxCompressionRatio) {
    return `its compression ratio ${Math.round(ratio)}:1 exceeds ${limits.maxCompressionRatio}:1 (limit maxCompressionRatio)`;
  }
  return undefined;
}

/** Why one file or archive entry is refused: it is (or inflates to) more than `maxFileBytes`. */
export function entryLimitReason(limits: ArchiveLimits): string {
  return (
    `it is larger than ${formatBytes(limits.maxFileBytes)}, the limit for one file or archive entry ` +
    '(PROFILES_MAX_FILE_BYTES, config profiles.maxFileBytes; raise it only for files you trust)'
  );
}
