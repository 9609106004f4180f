import { describe, expect, it } from 'vitest';
import type { ReflectionRefresh } from '../domain/reflection.js';
import { firstRefreshEnd } from './reflection-changes.js';

const created = new Date('2026-11-01T00:00:40Z');

function refresh(startedAt: string, durationMs: number, state = 'DONE'): ReflectionRefresh {
  return {
    materializationId: startedAt,
    startedAt: new Date(startedAt),
    durationMs,
    state,
    sizeBytes: 1,
    failureMessage: null,
  };
}

describe('firstRefreshEnd', () => {
  it('dates a new reflection by the refresh Dremio started right after creating it', () => {
    const refreshes = [refresh('2026-11-01T06:00:00Z', 5000), refresh('2026-11-01T00:00:41Z', 2000)];
    expect(firstRefreshEnd(refreshes, created)).toEqual(new Date('2026-11-01T00:00:43Z'));
  });

  it('gives nothing when only later refreshes are listed, rather than dating the reflection days late', () => {
    // sys.materializations keeps the recent materializations; a week on, the first one is gone.
    expect(firstRefreshEnd([refresh('2026-11-07T12:57:00Z', 5000)], created)).toBeUndefined();
  });

  it('skips a failed first refresh', () => {
    expect(firstRefreshEnd([refresh('2026-11-01T00:00:41Z', 2000, 'FAILED')], created)).toBeUndefined();
  });
});
