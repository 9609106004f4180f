import { describe, expect, it } from 'vitest';
import type { Recommendation } from '../domain/recommendation.js';
import { recommendationDetail, recommendationsTable } from './recommendation-text.js';

const REC: Recommendation = {
  id: 'r0123456789abcde',
  kind: 'create-aggregate-reflection',
  title:
    'Create an aggregate reflection on datalake."partner feeds"."acme ""gold"" orders" for 3 query shapes that aggregate it',
  sql: 'ALTER DATASET datalake."partner feeds"."acme ""gold"" orders" CREATE AGGREGATE REFLECTION orders_agg USING DIMENSIONS (order_day, store) MEASURES (amount (SUM, COUNT))',
  action: 'Create the reflection, then let Dremio refresh it on the dataset’s schedule.',
  target: { kind: 'dataset', path: 'datalake."partner feeds"."acme ""gold"" orders"' },
  findingIds: ['5798ec0efa582444'],
  jobIds: ['j1', 'j2'],
  estimatedSavingsMsPerDay: 33_600,
  estimatedCost: {
    storageBytes: -61_000_000_000,
    refreshMsPerDay: 1_200,
    oneOffMs: 9_000,
    basis: 'measured',
  },
  netBenefitMsPerDay: 32_400,
  confidence: 0.57,
  method: 'queue-time',
  rationale:
    '169 runs a day aggregate the same columns; an aggregate reflection answers them from 12,000 rows instead of scanning 3,650 files, which the measured median scan of 1.1 s says is most of each run.',
  risk: { level: 'low', note: 'refresh load' },
  evidence: {},
  status: 'pending',
};

describe('recommendation text', () => {
  for (const width of [80, 100, 160]) {
    it(`lists within ${width} columns, the title wrapped whole`, () => {
      const lines = recommendationsTable([REC], width).split('\n');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width);
      const titleColumn = lines[0]!.indexOf('TITLE');
      const title =
        titleColumn >= 0
          ? lines.slice(1).map((l) => l.slice(titleColumn).trim())
          : lines.slice(2).map((l) => l.trim());
      expect(title.join(' ')).toBe(REC.title);
    });
  }

  it('wraps the prose of one recommendation to the width and prints its statement whole', () => {
    const text = recommendationDetail(REC, [], 80);
    const lines = text.split('\n');
    expect(lines).toContain(`${REC.sql};`);
    for (const line of lines) if (line !== `${REC.sql};`) expect(line.length, line).toBeLessThanOrEqual(80);
    const why = lines.findIndex((l) => l.startsWith('Why:'));
    expect(lines[why + 1]).toMatch(/^ {12}\S/);
    expect(text.replace(/\s+/g, ' ')).toContain(REC.rationale);
    expect(text).toContain('frees 56.8 GiB of storage');
  });
});
