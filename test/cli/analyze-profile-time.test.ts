import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { realFixture } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

// Expected numbers come from the raw profile JSON, read here with JSON.parse and summed by hand, never
// from the summary code under test. Both profiles are real and wait-dominated: their text scan spent
// over 99% of its time blocked on reads, while every operator's process time adds up to a few ms.

const root = mkdtempSync(join(tmpdir(), 'analyze-profile-time-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface RawOperatorTimes {
  readonly key: string;
  readonly type: number;
  readonly setup: number;
  readonly process: number;
  readonly wait: number;
  readonly total: number;
}

interface RawProfile {
  readonly fragmentProfile: {
    majorFragmentId: number;
    minorFragmentProfile: {
      operatorProfile: {
        operatorId: number;
        operatorType: number;
        setupNanos?: number;
        processNanos?: number;
        waitNanos?: number;
      }[];
    }[];
  }[];
  readonly stateList: { state: number; startTime: number }[];
}

const TEXT_SUB_SCAN = 28;
const METADATA_RETRIEVAL = 2;
const RUNNING = 8;
const TERMINAL = new Set([9, 10, 11]);

function operatorTimes(raw: RawProfile): RawOperatorTimes[] {
  const byKey = new Map<string, { type: number; setup: number; process: number; wait: number }>();
  for (const major of raw.fragmentProfile) {
    for (const minor of major.minorFragmentProfile) {
      for (const op of minor.operatorProfile) {
        const key = `${String(major.majorFragmentId).padStart(2, '0')}-${String(op.operatorId).padStart(2, '0')}`;
        const acc = byKey.get(key) ?? { type: op.operatorType, setup: 0, process: 0, wait: 0 };
        acc.setup += op.setupNanos ?? 0;
        acc.process += op.processNanos ?? 0;
        acc.wait += op.waitNanos ?? 0;
        byKey.set(key, acc);
      }
    }
  }
  return [...byKey].map(([key, t]) => ({ key, ...t, total: t.setup + t.process + t.wait }));
}

/** Milliseconds per attempt state: each lasts until the next event (file order on equal instants). */
function stateTimes(raw: RawProfile): { byState: Map<number, number>; coveredMs: number } {
  const events = [...raw.stateList].sort((a, b) => a.startTime - b.startTime);
  const byState = new Map<number, number>();
  events.forEach((event, i) => {
    const next = events[i + 1];
    if (next === undefined || TERMINAL.has(event.state)) return;
    byState.set(event.state, (byState.get(event.state) ?? 0) + next.startTime - event.startTime);
  });
  const coveredMs = [...byState.values()].reduce((a, b) => a + b, 0);
  return { byState, coveredMs };
}

/** The table's units, restated: µs under 1 ms, one decimal under 10 ms, whole ms, then seconds. */
function human(nanos: number): string {
  if (nanos === 0) return '0';
  if (nanos < 1e6) return `${Math.round(nanos / 1e3)} µs`;
  if (nanos < 1e7) return `${(nanos / 1e6).toFixed(1)} ms`;
  if (nanos < 1e9) return `${Math.round(nanos / 1e6)} ms`;
  return `${(nanos / 1e9).toFixed(2)} s`;
}

/** A share as the table prints it: whole percent, `<1%` for a share that is not zero but rounds to it. */
function percent(value: number): string {
  return Math.round(value) === 0 && value > 0 ? '<1%' : `${Math.round(value)}%`;
}

const PROFILE1 = realFixture('dqd/profile1.json');
const BUNDLE = realFixture('dqd/testprofile.zip');

const CASES = [
  {
    name: 'dqd/profile1.json (2.4 s query, 0.88 s scan wait, 60% metadata retrieval)',
    file: PROFILE1,
    raw: JSON.parse(readFileSync(PROFILE1, 'utf8')) as RawProfile,
  },
  {
    name: 'dqd/testprofile.zip (1.8 s query, 1.65 s scan wait, 95% running)',
    file: BUNDLE,
    raw: JSON.parse(
      new TextDecoder().decode(unzipSync(readFileSync(BUNDLE))['profile_attempt_0.json']),
    ) as RawProfile,
  },
];

interface JsonSummary {
  readonly operators: {
    key: string;
    setupNanos: { sum: number };
    processNanos: { sum: number };
    waitNanos: { sum: number };
    totalNanos: number;
  }[];
  readonly scans: {
    key: string;
    setupNanos: number;
    processNanos: number;
    waitNanos: number;
    totalNanos: number;
  }[];
  readonly totalProcessNanos: number;
  readonly totalSetupNanos: number;
  readonly totalWaitNanos: number;
  readonly totalOperatorNanos: number;
  readonly stateDurationsMs: Record<string, number>;
  readonly stateSharesPercent: Record<string, number>;
}

describe.each(CASES)('analyze-profile times on $name', ({ file, raw }) => {
  const ops = operatorTimes(raw);
  const scan = ops.find((op) => op.type === TEXT_SUB_SCAN)!;
  const states = stateTimes(raw);
  const share = (state: number) => ((states.byState.get(state) ?? 0) / states.coveredMs) * 100;
  const sum = (part: (op: RawOperatorTimes) => number) => ops.reduce((t, op) => t + part(op), 0);

  it('is a profile where the scan waited far longer than all operators processed', () => {
    expect(scan.wait / scan.total).toBeGreaterThan(0.99);
    expect(scan.wait).toBeGreaterThan(100 * sum((op) => op.process));
  });

  it('--format json gives setup, process, wait and their total per operator, per scan and overall', async () => {
    const run = await runCli(['analyze-profile', file, '--format', 'json'], { cwd: root, env: {} });
    expect(run.exitCode).toBe(0);
    const summary = (JSON.parse(run.stdout) as { profiles: { summary: JsonSummary }[] }).profiles[0]!.summary;
    expect(
      summary.operators.map((op) => ({
        key: op.key,
        setup: op.setupNanos.sum,
        process: op.processNanos.sum,
        wait: op.waitNanos.sum,
        total: op.totalNanos,
      })),
    ).toEqual(
      [...ops]
        .sort((a, b) => a.key.localeCompare(b.key))
        .map(({ key, setup, process, wait, total }) => ({ key, setup, process, wait, total })),
    );
    expect(summary.scans).toEqual([
      expect.objectContaining({
        key: scan.key,
        setupNanos: scan.setup,
        processNanos: scan.process,
        waitNanos: scan.wait,
        totalNanos: scan.total,
      }),
    ]);
    expect(summary.totalProcessNanos).toBe(sum((op) => op.process));
    expect(summary.totalSetupNanos).toBe(sum((op) => op.setup));
    expect(summary.totalWaitNanos).toBe(sum((op) => op.wait));
    expect(summary.totalOperatorNanos).toBe(sum((op) => op.total));
  });

  it('--format json gives each state its share of the time the states cover', async () => {
    const run = await runCli(['analyze-profile', file, '--format', 'json'], { cwd: root, env: {} });
    const summary = (JSON.parse(run.stdout) as { profiles: { summary: JsonSummary }[] }).profiles[0]!.summary;
    expect(summary.stateSharesPercent.metadataRetrieval).toBeCloseTo(share(METADATA_RETRIEVAL), 9);
    expect(summary.stateSharesPercent.running).toBeCloseTo(share(RUNNING), 9);
    expect(Object.values(summary.stateSharesPercent).reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
    expect(summary.stateDurationsMs.running).toBe(states.byState.get(RUNNING));
  });

  it.each([100, 72, 60])(
    'the table at %i columns ranks operators by total and shows the wait',
    async (width) => {
      const run = await runCli(['analyze-profile', file], { cwd: root, env: { COLUMNS: String(width) } });
      expect(run.exitCode).toBe(0);
      const lines = run.stdout.split('\n');
      // The first line names the file: a path is printed whole, whatever the width.
      for (const line of lines.slice(1)) expect(line.length).toBeLessThanOrEqual(width);
      const rowKeys = lines.flatMap((line) => /^ {2}(\d\d-\d\d) {2}[A-Z_]+ /.exec(line)?.[1] ?? []);
      const ranked = [...ops].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
      expect(rowKeys).toEqual(ranked.map((op) => op.key));
      const scanRow = lines.find((line) => line.startsWith(`  ${scan.key}  `))!;
      const percentOfAll = percent((scan.total / sum((op) => op.total)) * 100);
      // Total, share, process, wait: always shown, whatever the width.
      expect(scanRow).toMatch(
        new RegExp(`${human(scan.total)} +${percentOfAll} +${human(scan.process)} +${human(scan.wait)}( |$)`),
      );
      expect(run.stdout).toContain(`all operators ${human(sum((op) => op.total))}`);
      expect(run.stdout).toMatch(
        new RegExp(`wait \\(I/O\\) ${human(scan.wait)},\\s+process ${human(scan.process)}`),
      );
      const text = lines.join(' ');
      expect(text).toMatch(new RegExp(`running [0-9.]+ m?s \\(${percent(share(RUNNING))}\\)`));
      expect(text).toMatch(
        new RegExp(`metadata retrieval [0-9.]+ m?s \\(${percent(share(METADATA_RETRIEVAL))}\\)`),
      );
    },
  );
});
