import { describe, expect, it } from 'vitest';
import { parseInterval } from './interval.js';
import { runEvery } from './run-every.js';

describe('parseInterval', () => {
  it.each([
    { text: '15m', ms: 900_000 },
    { text: '1h', ms: 3_600_000 },
    { text: '30s', ms: 30_000 },
    { text: '1d', ms: 86_400_000 },
  ])('reads $text', ({ text, ms }) => expect(parseInterval(text)).toBe(ms));
  it.each(['', '15', 'm', '0m', '-1h', '5 minutes'])('rejects %j', (text) =>
    expect(parseInterval(text)).toBeUndefined(),
  );
});

describe('runEvery', () => {
  function fakeClock() {
    let t = 0;
    const sleeps: number[] = [];
    return {
      now: () => t,
      advance: (ms: number) => {
        t += ms;
      },
      sleeps,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        t += ms;
      },
    };
  }

  it('starts cycles at a fixed rate and never overlaps a long one', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    const durations = [100, 1500, 200];
    const starts: number[] = [];
    const cycles = await runEvery({
      intervalMs: 1000,
      signal: controller.signal,
      now: clock.now,
      sleep: clock.sleep,
      onError: () => {},
      cycle: async (i) => {
        starts.push(clock.now());
        clock.advance(durations[i]!);
        if (i === 2) controller.abort();
      },
    });
    expect(cycles).toBe(3);
    expect(starts).toEqual([0, 1000, 2500]);
  });

  it('keeps going after a failing cycle and reports it', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    const errors: number[] = [];
    await runEvery({
      intervalMs: 10,
      signal: controller.signal,
      now: clock.now,
      sleep: clock.sleep,
      onError: (_e, i) => errors.push(i),
      cycle: async (i) => {
        if (i === 0) throw new Error('boom');
        controller.abort();
      },
    });
    expect(errors).toEqual([0]);
  });

  it('wakes from the wait as soon as it is stopped', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const cycles = await runEvery({
      intervalMs: 60_000,
      signal: controller.signal,
      onError: () => {},
      cycle: async () => {},
    });
    expect(cycles).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
