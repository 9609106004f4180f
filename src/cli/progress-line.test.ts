import { describe, expect, it } from 'vitest';
import { clock, type ProgressView, progressLine } from './progress-line.js';

const datasets: ProgressView = {
  stage: 'datasets',
  text: '654321/1234567 datasets',
  done: 654_321,
  total: 1_234_567,
  ratePerS: 163_580,
  elapsedMs: 4_000,
  etaMs: 3_500,
  finished: false,
};

describe('progressLine', () => {
  const cases = [
    {
      name: 'wide: the longest bar, every figure and the text',
      width: 160,
      expected:
        /^datasets {4}█{16}░{14} {2}654,321\/1,234,567 {3}53% {2}163,580\/s {2}ETA 0:04 {2}· 654321\/1234567 datasets$/,
    },
    {
      name: 'the text goes first',
      width: 80,
      expected: /^datasets {4}█+░+ {2}654,321\/1,234,567 {3}53% {2}163,580\/s {2}ETA 0:04$/,
    },
    {
      name: 'then the percentage and the rate',
      width: 50,
      expected: /^datasets {4}█{4}░{4} {2}654,321\/1,234,567 {2}ETA 0:04$/,
    },
    { name: 'then the bar; the count stays whole', width: 30, expected: /^datasets 654,321\/1,234,567$/ },
    { name: 'the count is cut last', width: 20, expected: /^datasets 654,321\/1…$/ },
  ];
  for (const c of cases) {
    it(`${c.name} (${c.width} columns)`, () => {
      const line = progressLine(datasets, c.width);
      expect(line).toMatch(c.expected);
      expect(line.length).toBeLessThan(c.width);
    });
  }

  it('shows a spinner, the count and the elapsed time when the total is unknown', () => {
    const line = progressLine(
      {
        stage: 'history',
        text: '1200 jobs read (1200 new)',
        done: 1200,
        ratePerS: 400,
        elapsedMs: 3_000,
        finished: false,
      },
      80,
    );
    expect(line).toBe('history     ⠋  1,200  400/s  0:03  · 1200 jobs read (1200 new)');
  });

  it('says how long a finished stage took, with a mark instead of the spinner', () => {
    const line = progressLine(
      { stage: 'analyze', text: 'analysing', done: 0, elapsedMs: 2_400, finished: true },
      80,
    );
    expect(line).toBe('analyze     ✔  in 0:02  · analysing');
  });

  it('counts time in minutes and hours', () => {
    expect([clock(0), clock(59_400), clock(754_000), clock(3_723_000)]).toEqual([
      '0:00',
      '0:59',
      '12:34',
      '1:02:03',
    ]);
  });
});
