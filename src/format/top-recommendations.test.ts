import { describe, expect, it } from 'vitest';
import type { Recommendation } from '../domain/recommendation.js';
import { renderTopRecommendations } from './top-recommendations.js';

const base = {
  id: 'r0f7621fb0d18b32',
  kind: 'create-reflection',
  title: 'Create an aggregate reflection on analytics.customer_360 for 1 query',
  sql: 'ALTER VIEW analytics.customer_360 CREATE AGGREGATE REFLECTION customer_360_agg_opt USING DIMENSIONS (segment, region) MEASURES (lifetime_value (SUM, COUNT))',
  action: 'Create it.',
  netBenefitMsPerDay: 135_000,
} as unknown as Recommendation;

describe('renderTopRecommendations', () => {
  it('wraps the prose to the width, keeps SQL whole for copying, and says net time humanised', () => {
    const advice = {
      ...base,
      id: 'r4d0ff36e72f8e9a',
      sql: null,
      action:
        'Arrow Flight SQL ODBC Driver took 6.6 min to read 11.6 M rows after Dremio had finished. '.repeat(2),
      netBenefitMsPerDay: -64_000,
    } as Recommendation;
    const lines = renderTopRecommendations([base, advice], { count: 5, widthColumns: 80 }).split('\n');
    expect(lines[0]).toBe('1. Create an aggregate reflection on analytics.customer_360 for 1 query — saves');
    expect(lines[1]).toBe('   2.3 min a day net (r0f7621fb0d18b32)');
    expect(lines[2]).toBe(`   ${base.sql}`);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('costs 1.1 min a day net (r4d0ff36e72f8e9a)');
    for (const line of lines.slice(3)) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});
