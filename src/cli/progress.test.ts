import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CliIo } from './context.js';
import { createProgress } from './progress.js';

/** A stderr that records what is written; a terminal of `columns` when `tty`. */
function fakeStderr(options: { tty: boolean; columns?: number }) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  if (options.tty) {
    stream.isTTY = true;
    stream.columns = options.columns ?? 80;
  }
  const io: CliIo = {
    stdout: new Writable({ write: (_c, _e, cb) => cb() }),
    stderr: stream,
    env: {},
    cwd: '/',
  };
  return { io, stream, text: () => chunks.join(''), chunks };
}

/** What a terminal would have shown as lines: every redraw after `\r` counts as one. */
function shownLines(text: string): string[] {
  return text
    .replaceAll('\x1b[K', '')
    .split(/\r|\n/)
    .filter((l) => l !== '');
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('progress on a terminal', () => {
  it('draws a stage the moment it starts, before any count arrives', () => {
    const err = fakeStderr({ tty: true });
    const progress = createProgress(err.io, { label: 'collect' });
    progress.report('history', 'starting', { done: 0 });
    expect(shownLines(err.text())).toEqual([expect.stringMatching(/^history\s+⠋\s+0:00\s+· starting$/)]);
    vi.advanceTimersByTime(250);
    expect(shownLines(err.text()).at(-1)).toMatch(/^history\s+⠹\s+0:00/);
    progress.done();
  });

  it('shows a bar with count, total, percentage, rate and time left once the total is known', () => {
    const err = fakeStderr({ tty: true, columns: 100 });
    const progress = createProgress(err.io, { label: 'collect' });
    progress.report('profiles', '0/400 profiles', { done: 0, total: 400, fetched: 0 });
    vi.advanceTimersByTime(2_000);
    progress.report('profiles', '100/400 profiles', { done: 100, total: 400, fetched: 100 });
    const last = shownLines(err.text()).at(-1);
    // 100 in 2 s: 50/s, so 300 left take 6 s.
    expect(last).toMatch(/^profiles\s+█{8}░{22}\s+100\/400\s+25%\s+50\/s\s+ETA 0:06\s+· 100\/400 profiles$/);
    expect(last?.length).toBeLessThan(100);
    progress.done();
  });

  it('leaves a finished line per stage and starts the next stage on a new line', () => {
    const err = fakeStderr({ tty: true });
    const progress = createProgress(err.io, { label: 'collect' });
    progress.report('history', 'starting', { done: 0 });
    vi.advanceTimersByTime(1_500);
    progress.report('history', '3000 jobs read (3000 new)', { done: 3000, rowsRead: 3000 });
    vi.advanceTimersByTime(500);
    progress.report('profiles', '0/10 profiles', { done: 0, total: 10 });
    const [finished, next] = err.text().split('\n');
    const finishedLine = finished?.split('\r').at(-1) ?? '';
    expect(finishedLine.endsWith('\x1b[K')).toBe(true);
    expect(finishedLine.replace('\x1b[K', '')).toMatch(
      /^history\s+✔\s+3,000\s+1,500\/s\s+in 0:02\s+· 3000 jobs read \(3000 new\)$/,
    );
    expect(next).toMatch(/^\rprofiles\s+░+\s+0\/10\s+0%/);
    progress.done();
    expect(err.text().endsWith('\n')).toBe(true);
    expect(err.text().match(/\n/g)).toHaveLength(2);
  });

  it('redraws at most ten times a second however often the stage reports', () => {
    const err = fakeStderr({ tty: true });
    const progress = createProgress(err.io, { label: 'import' });
    for (let i = 1; i <= 50; i++) {
      progress.report('import', `${i}/50 files`, { done: i, total: 50 });
      vi.advanceTimersByTime(10);
    }
    // 500 ms of reports: the first draw, then one per 100 ms at most.
    expect(err.chunks.length).toBeLessThanOrEqual(6);
    expect(shownLines(err.text()).at(-1)).toMatch(/^import\s+█+░*\s+(49|50)\/50/);
    progress.done();
    expect(shownLines(err.text()).at(-1)).toMatch(/^import\s+█{30}\s+50\/50\s+100%/);
  });

  it('fits every line into the terminal, however narrow', () => {
    for (const columns of [20, 40, 60, 80, 120, 200]) {
      const err = fakeStderr({ tty: true, columns });
      const progress = createProgress(err.io, { label: 'collect' });
      progress.report('history', 'starting', { done: 0 });
      vi.advanceTimersByTime(1_000);
      progress.report('history', `${'x'.repeat(300)}`, { done: 123_456 });
      progress.report('datasets', 'a long text that needs room', { done: 7, total: 1_234_567 });
      vi.advanceTimersByTime(3_000);
      progress.report('datasets', 'a long text that needs room', { done: 654_321, total: 1_234_567 });
      progress.done();
      for (const line of shownLines(err.text()))
        expect(line.length, `${columns}: ${line}`).toBeLessThan(columns);
    }
  });

  it('makes way for a log line written meanwhile and draws the bar again below it', () => {
    const err = fakeStderr({ tty: true });
    const progress = createProgress(err.io, { label: 'collect' });
    progress.report('profiles', '1/4 profiles', { done: 1, total: 4 });
    err.io.stderr.write('WARN: a profile is gone\n');
    vi.advanceTimersByTime(100);
    progress.done();
    const text = err.text();
    expect(text).toContain('\r\x1b[KWARN: a profile is gone\n\rprofiles');
    // Once done, the stream is the stream again.
    err.io.stderr.write('after\n');
    expect(err.text().endsWith('\x1b[K\nafter\n')).toBe(true);
  });
});

describe('progress elsewhere', () => {
  it('writes one JSON line every five seconds with the counts, done and total', () => {
    const err = fakeStderr({ tty: false });
    const progress = createProgress(err.io, { label: 'collect' });
    progress.report('profiles', '1/40 profiles', { done: 1, total: 40, fetched: 1 });
    vi.advanceTimersByTime(4_000);
    progress.report('profiles', '2/40 profiles', { done: 2, total: 40, fetched: 2 });
    expect(err.text()).toBe('');
    vi.advanceTimersByTime(1_000);
    progress.report('profiles', '3/40 profiles', { done: 3, total: 40, fetched: 3 });
    progress.report('profiles', '4/40 profiles', { done: 4, total: 40, fetched: 4 });
    progress.done();
    const lines = err.text().trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        progress: 'collect',
        stage: 'profiles',
        message: 'profiles: 3/40 profiles',
        done: 3,
        total: 40,
        fetched: 3,
        at: '2026-03-01T10:00:05.000Z',
      },
    ]);
  });

  it('leaves the stage out of the message when it is the command itself', () => {
    const err = fakeStderr({ tty: false });
    const progress = createProgress(err.io, { label: 'import' });
    vi.advanceTimersByTime(5_000);
    progress.report('import', '1/2 files, 10 jobs, 0 problems', { done: 1, total: 2 });
    expect(JSON.parse(err.text())).toMatchObject({
      progress: 'import',
      stage: 'import',
      message: '1/2 files, 10 jobs, 0 problems',
    });
  });
});

describe('progress with --quiet', () => {
  for (const tty of [true, false]) {
    it(`prints nothing ${tty ? 'on a terminal' : 'elsewhere'}`, () => {
      const err = fakeStderr({ tty });
      const progress = createProgress(err.io, { label: 'collect', quiet: true });
      progress.report('history', 'starting', { done: 0 });
      vi.advanceTimersByTime(6_000);
      progress.report('history', '10 jobs read', { done: 10 });
      progress.done();
      expect(err.text()).toBe('');
    });
  }
});
