import { describe, expect, it } from 'vitest';
import type { SimJob } from '../world.js';
import { parseJobsListingFilter } from './jobs-listing-filter.js';

const job = (overrides: Partial<SimJob>): SimJob =>
  ({ user: 'alice', queryType: 'REST', finalState: 'COMPLETED', jobId: 'j', ...overrides }) as SimJob;

describe('parseJobsListingFilter', () => {
  it('reads start-time bounds as inclusive epoch-ms limits', () => {
    const filter = parseJobsListingFilter('st=gt=100;st=le=200');
    expect(filter).toMatchObject({ startMinMs: 101, startMaxMs: 200 });
  });

  const cases = [
    {
      name: 'query-type group',
      filter: '(qt=="UI","EXTERNAL")',
      job: job({ queryType: 'JDBC' }),
      expected: true,
    },
    {
      name: 'query-type group excludes others',
      filter: '(qt=="UI")',
      job: job({ queryType: 'REST' }),
      expected: false,
    },
    { name: 'user equality', filter: 'usr==bob', job: job({ user: 'alice' }), expected: false },
    { name: 'state equality', filter: 'jst=="FAILED"', job: job({ finalState: 'FAILED' }), expected: true },
    { name: 'empty filter', filter: '', job: job({}), expected: true },
  ] as const;
  for (const { name, filter, job: candidate, expected } of cases) {
    it(`tests jobs: ${name}`, () => {
      const parsed = parseJobsListingFilter(filter);
      if (typeof parsed === 'string') throw new Error(parsed);
      expect(parsed.test(candidate)).toBe(expected);
    });
  }

  const errors = [
    { name: 'unsupported key', filter: 'dur==10', fragment: "'dur'" },
    { name: 'range on an unsupported key', filter: 'dur=gt=10', fragment: 'dur=gt=' },
    { name: 'range on a text key', filter: 'usr=gt=a', fragment: 'range' },
    { name: 'not a number', filter: 'st=gt=yesterday', fragment: 'epoch-ms' },
    { name: 'unreadable term', filter: 'what?', fragment: 'cannot read' },
  ] as const;
  for (const { name, filter, fragment } of errors) {
    it(`explains an error: ${name}`, () => {
      expect(parseJobsListingFilter(filter)).toEqual(expect.stringContaining(fragment));
    });
  }
});
