import { describe, expect, it } from 'vitest';
import { summarizeProfile } from '../../src/profile/summarize.js';
import { skewnessShapedProfile } from './skewness-shaped-profile.js';

describe('a profile shaped like dremio-oss skewness_profile.json (no version, map or stateList)', () => {
  const summary = summarizeProfile(skewnessShapedProfile());
  const op = (key: string) => summary.operators.find((o) => o.key === key)!;

  it('takes planning from planningStart/planningEnd instead of calling the whole query pending', () => {
    expect(summary.stateDurationsMs).toMatchObject({ pending: 4, planning: 758, running: 32_435 });
    expect(summary.states.map((s) => s.state)).toEqual(['PENDING', 'PLANNING', 'RUNNING', 'COMPLETED']);
    expect(summary.warnings).toContain(
      'The profile has no stateList; state times are derived from planningStart/planningEnd.',
    );
  });

  it('fidelity-gaps #5: names the 21.x hash join metrics from the layout its metrics show, not 25.2', () => {
    expect(op('00-02').metrics).toMatchObject({
      NUM_BUCKETS: 262_144,
      VECTORIZED: 2,
      UNMATCHED_PROBE_COUNT: 285_461,
      OUTPUT_RECORDS: 6_629_628,
    });
    expect(op('00-02').metrics.IS_SPILLING).toBeUndefined();
    expect(summary.warnings.join('\n')).toMatch(/follow the 21\.0 layout/);
  });

  it("fidelity-gaps #5: the join's output agrees with its parent's input", () => {
    expect(op('00-02').recordsOut).toBe(op('00-01').recordsIn);
    expect(op('00-02').recordsOut).toBe(6_629_628);
  });
});
