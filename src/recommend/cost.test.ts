import { describe, expect, it } from 'vitest';
import { buildJob } from '../../test/support/job-builder.js';
import { buildProfileSummary, buildScan } from '../../test/support/profile-builder.js';
import type { JobContext } from '../analysis/detector.js';
import type { JobRecord } from '../domain/job.js';
import type { ProfileSummary } from '../domain/profile-summary.js';
import { fullScanMs } from './cost.js';

const GB = 1_000_000_000;

function run(job: Partial<JobRecord>, profile?: ProfileSummary): JobContext {
  // buildJob's phases: 1000 ms running.
  return { job: buildJob({ jobId: 'j', ...job }), profile, facts: undefined, runsPerDay: 1 };
}

describe('fullScanMs: the time to read a whole dataset, from its jobs read speed', () => {
  it('scales a run by the dataset over the bytes its history row says it read', () => {
    // 1000 ms for 1 GB → 10 GB in 10 000 ms.
    expect(fullScanMs({ jobs: [run({ bytesScanned: BigInt(GB) })], bytes: 10 * GB })).toBe(10_000);
  });

  it('takes the bytes from the profile when history has none (the pre-24.3 jobs listing)', () => {
    // Two scans read 0.6 + 0.4 GB in the 1000 ms run: the same 10 000 ms as with the row's 1 GB, not
    // the 1000 ms a run would take if it had read the whole 10 GB.
    const profile = buildProfileSummary({
      scans: [
        buildScan({ key: '01-00', bytesRead: 0.6 * GB }),
        buildScan({ key: '02-00', bytesRead: 0.4 * GB }),
      ],
    });
    expect(fullScanMs({ jobs: [run({ bytesScanned: null }, profile)], bytes: 10 * GB })).toBe(10_000);
  });

  it('falls back on the run itself when neither history nor a profile knows its bytes', () => {
    expect(fullScanMs({ jobs: [run({ bytesScanned: null })], bytes: 10 * GB })).toBe(1000);
  });
});
