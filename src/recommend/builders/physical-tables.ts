import type { JobContext } from '../../analysis/detector.js';

/** The tables (physical datasets) a job read: the profile's dataset list, else the job row's scanned datasets. */
export function physicalTablesOf(c: JobContext): readonly string[] {
  const physical = (c.profile?.datasets ?? []).filter((d) => d.kind === 'physical').map((d) => d.path);
  if (physical.length > 0) return [...new Set(physical)];
  return [...new Set(c.job.scannedDatasets)];
}

/** Dremio's major version from a version string (`25.1.1-2024…` → 25); undefined when unknown. */
export function majorVersion(version: string | null): number | undefined {
  const major = Number(/^(\d+)\./.exec(version ?? '')?.[1]);
  return Number.isFinite(major) ? major : undefined;
}
