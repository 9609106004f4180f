import { describe, expect, it } from 'vitest';
import { backoffDelayMs, MAX_RETRY_AFTER_MS, parseRetryAfterMs } from './retry-policy.js';

const retry = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelayMs', () => {
  const cases = [
    { name: 'first retry is capped at the base delay', attempt: 1, random: 0.999, expected: 99 },
    { name: 'the ceiling doubles per attempt', attempt: 3, random: 0.5, expected: 200 },
    { name: 'the ceiling never passes maxDelayMs', attempt: 10, random: 0.999, expected: 999 },
    { name: 'full jitter can be zero', attempt: 4, random: 0, expected: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(backoffDelayMs({ attempt: c.attempt, retry, random: () => c.random })).toBe(c.expected);
    });
  }
});

describe('parseRetryAfterMs', () => {
  const nowMs = Date.parse('2026-01-01T00:00:00Z');
  const cases = [
    { name: 'seconds', header: '2', expected: 2_000 },
    { name: 'an HTTP date', header: 'Thu, 01 Jan 2026 00:00:03 GMT', expected: 3_000 },
    { name: 'a date in the past is no wait', header: 'Wed, 31 Dec 2025 23:59:00 GMT', expected: 0 },
    { name: 'absurd waits are clamped', header: '86400', expected: MAX_RETRY_AFTER_MS },
    { name: 'garbage is ignored', header: 'soon', expected: undefined },
    { name: 'absent', header: undefined, expected: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(parseRetryAfterMs(c.header, nowMs)).toBe(c.expected);
    });
  }
});
