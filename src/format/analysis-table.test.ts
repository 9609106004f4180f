import { describe, expect, it } from 'vitest';
import type { Finding } from '../domain/finding.js';
import { renderFindingLines } from './analysis-table.js';

const base: Finding = {
  id: '0123456789abcdef',
  detector: 'small-files',
  severity: 'high',
  confidence: 1,
  title: 'lake.raw.events has 40,000 files under 8 MB',
  subject: { kind: 'dataset', path: 'lake.raw.events' },
  jobIds: [],
  evidence: { thresholds: [] },
  impactMsPerDay: 3_600_000,
};

describe('renderFindingLines', () => {
  it('shows — for a finding that links no jobs, and the count with separators otherwise', () => {
    const none = renderFindingLines([base]).split('\n')[2]!;
    expect(none).toMatch(/^\s+high\s+small-files\s+1\.0 h\s+—\s+lake\.raw\.events has/);
    const many = { ...base, id: 'fedcba9876543210', jobIds: Array.from({ length: 1234 }, (_, i) => `j${i}`) };
    expect(renderFindingLines([many]).split('\n')[2]).toMatch(/1\.0 h\s+1,234\s+lake\.raw\.events has/);
  });
});
