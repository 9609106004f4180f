import { describe, expect, it } from 'vitest';
import type { Change } from '../domain/change.js';
import type { Recommendation } from '../domain/recommendation.js';
import { matchRecommendation } from './match-recommendation.js';

const change: Change = {
  kind: 'partition-spec-changed',
  subject: 'lakehouse.sales.orders',
  datasetPath: 'lakehouse.sales.orders',
  effectiveFrom: new Date('2026-11-12T00:00:00Z'),
  effectiveTo: new Date('2026-11-12T00:00:00Z'),
  origin: 'detected',
  statement: 'ALTER TABLE lakehouse.sales.orders ADD PARTITION FIELD identity(customer_id)',
  jobId: 'j',
  recommendationId: null,
  details: {},
};

function rec(sql: string): Pick<Recommendation, 'id' | 'kind' | 'sql' | 'target' | 'status'> {
  return {
    id: 'r1',
    kind: 'add-partition-field',
    sql,
    target: { kind: 'dataset', path: 'lakehouse.sales.orders' },
    status: 'pending',
  };
}

describe('matchRecommendation', () => {
  it('links a partition change only to the recommendation of the same field', () => {
    expect(
      matchRecommendation(change, [rec('ALTER TABLE lakehouse.sales.orders ADD PARTITION FIELD status')])
        .recommendationId,
    ).toBeNull();
    expect(
      matchRecommendation(change, [
        rec('ALTER TABLE lakehouse.sales.orders ADD PARTITION FIELD customer_id'),
      ]),
    ).toMatchObject({ recommendationId: 'r1', details: { matchedRecommendationStatus: 'pending' } });
  });
});
