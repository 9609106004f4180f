import { describe, expect, it } from 'vitest';
import { createRequestLimiter, sleep } from './request-limiter.js';

describe('createRequestLimiter', () => {
  it('never lets more than maxConcurrency requests run at once', async () => {
    const limiter = createRequestLimiter({ maxConcurrency: 3, maxRequestsPerSecond: 0 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const release = await limiter.acquire();
        running += 1;
        peak = Math.max(peak, running);
        await sleep(5);
        running -= 1;
        release();
      }),
    );
    expect(peak).toBe(3);
  });

  it('spaces request starts to maxRequestsPerSecond', async () => {
    const limiter = createRequestLimiter({ maxConcurrency: 10, maxRequestsPerSecond: 50 });
    const startedMs = Date.now();
    await Promise.all(Array.from({ length: 11 }, async () => (await limiter.acquire())()));
    // 11 starts at 20 ms spacing need at least 200 ms.
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(190);
  });

  it('refuses a slot for an already aborted signal', async () => {
    const limiter = createRequestLimiter({ maxConcurrency: 1, maxRequestsPerSecond: 0 });
    await expect(limiter.acquire(AbortSignal.abort(new Error('stop')))).rejects.toThrow('stop');
    const release = await limiter.acquire();
    release();
  });
});
