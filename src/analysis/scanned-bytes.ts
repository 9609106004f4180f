import type { JobContext } from './detector.js';

/**
 * Bytes a job read: its history row's count, else the sum of its profile's scans (what an offline
 * profile import stores as the job's bytes). Before 24.3 history is the jobs listing, which has no
 * bytes, so there the profile is the only witness; null when neither knows.
 */
export function scannedBytesOf(context: JobContext): number | null {
  if (context.job.bytesScanned !== null) return Number(context.job.bytesScanned);
  const scans = context.profile?.scans;
  if (scans === undefined || scans.length === 0) return null;
  const bytes = scans.reduce((sum, s) => sum + s.bytesRead, 0);
  return Number.isFinite(bytes) ? bytes : null;
}
