import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkloadSnapshot } from '../../src/analysis/detector.js';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import type { Finding } from '../../src/domain/finding.js';
import {
  ASSUMED_PRUNED_SHARE,
  buildPartitionFilterAdvice,
} from '../../src/recommend/builders/partition-filter-advice.js';
import { buildContextOver } from '../support/build-context.js';
import { buildWorldSnapshot } from '../support/world-snapshot.js';

let snapshot: WorkloadSnapshot;
let pruning: Finding[];

beforeAll(async () => {
  ({ snapshot } = await buildWorldSnapshot({ flavor: 'software-25.1', seed: 1, jobs: 1500, days: 7 }));
  const detectors = Object.values(DETECTORS);
  const { findings } = runDetectors({
    detectors,
    thresholds: resolveThresholds({ detectors, overrides: {} }),
    snapshot,
  });
  pruning = findings.filter((f) => f.detector === 'partition-pruning');
}, 120_000);

describe('advice to bound a query on the partition column', () => {
  it('asks the owner of `WHERE user_agent LIKE …` on day-partitioned web.events to bound it on event_ts', () => {
    const bots = pruning.find(
      (f) => f.subject.kind === 'fingerprint' && /user_agent LIKE/.test(f.subject.sampleSql ?? ''),
    );
    expect(bots, 'the world scans web.events for bots unpruned').toBeDefined();
    const [draft] = buildPartitionFilterAdvice(buildContextOver([bots!], snapshot));
    expect(draft!.kind).toBe('adjust-client');
    expect(draft!.sql).toBeNull();
    expect(draft!.evidence).toMatchObject({ table: 'lakehouse.web.events', partitionColumns: 'event_ts' });
    expect(draft!.action).toMatch(/all 24,000 files/);
    // Half the unpruned scan a day, the finding's impact: the range its readers need is not known.
    expect(ASSUMED_PRUNED_SHARE).toBe(0.5);
    expect(draft!.payoff.savingsMsPerDay).toBe(bots!.impactMsPerDay * 0.5);
    expect(draft!.payoff.methodConfidence).toBe(0.3);
  });

  it('leaves alone a query that filters the partition column already', () => {
    const bots = pruning.find(
      (f) => f.subject.kind === 'fingerprint' && /user_agent LIKE/.test(f.subject.sampleSql ?? ''),
    )!;
    const fp = (bots.subject as { fingerprint: string }).fingerprint;
    const group = snapshot.fingerprints.get(fp)!;
    const facts = group.facts!;
    // The same query with a range on event_ts: the builder must see the partition filter and stay silent.
    const bounded: WorkloadSnapshot = {
      ...snapshot,
      fingerprints: new Map([
        ...snapshot.fingerprints,
        [
          fp,
          {
            ...group,
            facts: {
              ...facts,
              predicates: [
                ...facts.predicates,
                { ...facts.predicates[0]!, column: { ...facts.predicates[0]!.column, name: 'event_ts' } },
              ],
            },
          },
        ],
      ]),
    };
    expect(buildPartitionFilterAdvice(buildContextOver([bots], bounded))).toEqual([]);
  });
});
