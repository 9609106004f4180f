import { describe, expect, it } from 'vitest';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { ConfigError } from '../../src/errors.js';
import { slowJobDetector } from './fake-detectors.js';

function problemsOf(overrides: Record<string, unknown>) {
  try {
    resolveThresholds({ detectors: [slowJobDetector], overrides });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveThresholds', () => {
  it('uses the defaults when the config says nothing', () => {
    const resolved = resolveThresholds({ detectors: [slowJobDetector], overrides: {} });
    expect(resolved.get('planning-time')).toEqual(slowJobDetector.defaults);
  });

  it('merges a partial override key by key', () => {
    const resolved = resolveThresholds({
      detectors: [slowJobDetector],
      overrides: { 'planning-time': { durationMs: { critical: 90_000 }, stake: { minImpactMsPerDay: 0 } } },
    });
    expect(resolved.get('planning-time')).toEqual({
      durationMs: { ...slowJobDetector.defaults.durationMs, critical: 90_000 },
      stake: { ...slowJobDetector.defaults.stake, minImpactMsPerDay: 0 },
    });
  });

  const cases = [
    {
      name: 'a non-monotonic ladder',
      overrides: { 'planning-time': { durationMs: { medium: 500 } } },
      key: 'detectors.planning-time.durationMs',
      expected: /monotonic/,
    },
    {
      name: 'a rung that is not a number',
      overrides: { 'planning-time': { durationMs: { high: 'lots' } } },
      key: 'detectors.planning-time.durationMs.high',
      expected: /number/,
    },
    {
      name: 'a nested stake ladder out of order',
      overrides: { 'planning-time': { stake: { timeShare: { low: 0.9 } } } },
      key: 'detectors.planning-time.stake.timeShare',
      expected: /monotonic/,
    },
    {
      name: 'an unknown threshold key (a typo must not be ignored)',
      overrides: { 'planning-time': { durationMS: { low: 1 } } },
      key: 'detectors.planning-time.durationMS',
      expected: /known keys: durationMs, stake/,
    },
    {
      name: 'an unknown detector id',
      overrides: { 'no-such-detector': {} },
      key: 'detectors.no-such-detector',
      expected: /detector id/,
    },
    {
      name: 'an override that is not an object',
      overrides: { 'planning-time': 5 },
      key: 'detectors.planning-time',
      expected: /object/,
    },
  ];
  it.each(cases)('rejects $name, naming the key', ({ overrides, key, expected }) => {
    const problems = problemsOf(overrides);
    expect(problems.map((p) => p.key)).toContain(key);
    expect(problems.find((p) => p.key === key)?.expected).toMatch(expected);
  });

  it('collects every problem into one error', () => {
    const problems = problemsOf({
      'planning-time': { durationMs: { medium: 500 }, bogus: 1 },
      nope: {},
    });
    expect(problems).toHaveLength(3);
  });
});
