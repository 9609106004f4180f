import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../json/lossless-json.js';
import { summarizeProfile } from './summarize.js';

const PROFILE1 = readFileSync(new URL('../../test/fixtures/real/dqd/profile1.json', import.meta.url), 'utf8');
const SCAN_WAIT_NANOS = 877221339;

describe('time totals in a summary', () => {
  it('a total is the sum of the parts the summary shows, even after an impossible part is zeroed', () => {
    // The scan's waitNanos overflowed to 2^63: it becomes 0, and the scan's total must not keep it.
    const summary = summarizeProfile(
      parseLosslessJson(
        PROFILE1.replace(`"waitNanos":${SCAN_WAIT_NANOS}`, '"waitNanos":9223372036854775807'),
      ),
    );
    const scanOp = summary.operators.find((op) => op.key === '00-08')!;
    expect(scanOp.waitNanos.sum).toBe(0);
    expect(scanOp.totalNanos).toBe(scanOp.setupNanos.sum + scanOp.processNanos.sum);
    expect(summary.scans[0]?.totalNanos).toBe(scanOp.totalNanos);
    expect(summary.totalWaitNanos).toBe(summary.operators.reduce((t, op) => t + op.waitNanos.sum, 0));
  });

  it('a profile without state times has every share 0, not NaN', () => {
    const summary = summarizeProfile({ id: { part1: 1, part2: 2 }, start: 0, end: 0 });
    expect(Object.values(summary.stateSharesPercent ?? {})).toEqual(Array(8).fill(0));
    expect(summary.totalOperatorNanos).toBe(0);
  });
});
