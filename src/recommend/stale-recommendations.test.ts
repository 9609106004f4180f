import { describe, expect, it } from 'vitest';
import { type StaleCandidate, staleRecommendations } from './stale-recommendations.js';

const candidate = (findings: StaleCandidate['findings']): StaleCandidate => ({
  id: 'r1',
  status: 'pending',
  findings,
});

describe('staleRecommendations', () => {
  it.each([
    {
      name: 'every finding resolved → closed, naming them',
      findings: [
        { id: 'f1', status: 'resolved' },
        { id: 'f2', status: 'resolved' },
      ],
      reported: [],
      reason: 'its 2 findings resolved: f1, f2',
    },
    {
      name: 'findings still reported but the recommendation not made → closed',
      findings: [
        { id: 'f1', status: 'open' },
        { id: 'f2', status: 'resolved' },
      ],
      reported: ['f1'],
      reason: 'the analysis no longer makes it from its finding f1; resolved: f2',
    },
    {
      name: 'a finding open but not reported (detector not run, subject unseen, waived) → kept',
      findings: [
        { id: 'f1', status: 'open' },
        { id: 'f2', status: 'resolved' },
      ],
      reported: [],
      reason: undefined,
    },
    {
      name: 'a finding the store no longer holds → kept',
      findings: [{ id: 'f1', status: null }],
      reported: [],
      reason: undefined,
    },
    { name: 'no findings recorded → kept', findings: [], reported: [], reason: undefined },
  ] as const)('$name', ({ findings, reported, reason }) => {
    const closings = staleRecommendations({
      candidates: [candidate(findings)],
      madeIds: new Set(),
      reportedFindingIds: new Set(reported),
    });
    expect(closings).toEqual(reason === undefined ? [] : [{ id: 'r1', from: 'pending', reason }]);
  });

  it('never closes one the analysis made again', () => {
    expect(
      staleRecommendations({
        candidates: [candidate([{ id: 'f1', status: 'resolved' }])],
        madeIds: new Set(['r1']),
        reportedFindingIds: new Set(),
      }),
    ).toEqual([]);
  });
});
