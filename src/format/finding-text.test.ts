import { describe, expect, it } from 'vitest';
import { describeImpact } from './finding-text.js';

describe('describeImpact', () => {
  it.each([
    { name: 'milliseconds', msPerDay: 850, text: '850 ms' },
    { name: 'hours', msPerDay: 7_560_000, text: '2.1 h' },
    { name: 'not a number', msPerDay: Number.NaN, text: '?' },
    { name: 'infinite', msPerDay: Number.POSITIVE_INFINITY, text: '?' },
    { name: 'negative', msPerDay: -5, text: '?' },
  ])('$name → $text', ({ msPerDay, text }) => {
    expect(describeImpact(msPerDay)).toBe(text);
  });
});
