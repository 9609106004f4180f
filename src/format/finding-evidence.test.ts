import { describe, expect, it } from 'vitest';
import { evidenceLines } from './finding-evidence.js';

describe('evidenceLines', () => {
  it('humanises values by the unit their key names, and thresholds by their declared unit', () => {
    const lines = evidenceLines({
      queueName: 'High Cost User Queries',
      queuedMs: 588_515,
      totalTimeAtStakeMs: 22_135_986,
      spilledBytes: 25_338_546_952,
      hugeBytes: 9_007_199_254_740_993n,
      timeShare: 0.9976,
      fileCount: 24_000,
      runsPerDay: 12.934,
      operators: [{ key: '01-01', processMs: 146_418.08, peakMemoryBytes: 1_797_543 }],
      thresholds: [
        { quantity: 'queuedMs', value: 588_515, unit: 'ms', threshold: 300_000, severity: 'high' },
        { quantity: 'timeShare', value: 0.9976, unit: 'ratio', threshold: 0.5, severity: 'critical' },
        {
          quantity: 'impactMsPerDay',
          value: 1_218_051.85,
          unit: 'ms/day',
          threshold: 600_000,
          severity: 'high',
        },
        { quantity: 'fileCount', value: 24_000, unit: 'files', threshold: 1_000, severity: 'critical' },
      ],
    });
    const text = lines.join('\n');
    expect(text).toMatch(/queueName\s+High Cost User Queries/);
    expect(text).toMatch(/queuedMs\s+9\.8 min$/m);
    expect(text).toMatch(/totalTimeAtStakeMs\s+6\.1 h$/m);
    expect(text).toMatch(/spilledBytes\s+23\.6 GiB$/m);
    expect(text).toMatch(/hugeBytes\s+8\.0 PiB$/m);
    expect(text).toMatch(/timeShare\s+99\.8%$/m);
    expect(text).toMatch(/fileCount\s+24,000$/m);
    expect(text).toMatch(/runsPerDay\s+12\.93$/m);
    expect(text).toMatch(/- key\s+01-01\n\s+processMs\s+2\.4 min\n\s+peakMemoryBytes\s+1\.7 MiB/);
    expect(text).toMatch(/queuedMs\s+9\.8 min\s+against 5\.0 min → high/);
    expect(text).toMatch(/timeShare\s+99\.8%\s+against 50\.0% → critical/);
    expect(text).toMatch(/impactMsPerDay\s+20\.3 min\/day\s+against 10\.0 min\/day → high/);
    expect(text).toMatch(/fileCount\s+24,000 files\s+against 1,000 files → critical/);
    // No raw millisecond or byte counts are left for a person to convert.
    expect(text).not.toMatch(/\d{5,}/);
  });
});
