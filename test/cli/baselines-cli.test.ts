import { afterEach, describe, expect, it } from 'vitest';
import { findingId } from '../../src/analysis/finding-id.js';
import type { Finding, FindingSubject } from '../../src/domain/finding.js';
import type { JobRecord } from '../../src/domain/job.js';
import { fingerprintSql } from '../../src/sql/fingerprint.js';
import { refreshBaselines } from '../../src/store/baselines-repository.js';
import { saveFindings } from '../../src/store/findings-repository.js';
import { ensureCluster, type Store, upsertJobs } from '../../src/store/index.js';
import { type CliStore, seededCliStore } from '../support/cli-store.js';
import { buildJob } from '../support/job-builder.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

const END = Date.parse('2026-11-01T00:00:00.000Z');
const DAY = 86_400_000;
const MINUTE = 60_000;

// Three shapes whose durations land in each unit the table uses: ms, s and min.
const FAST = fingerprintSql('SELECT id FROM crm.customers WHERE id = 7');
const STEADY = fingerprintSql('SELECT region, sum(amount) FROM sales.orders GROUP BY region');
const SLOW = fingerprintSql('SELECT * FROM logs.events WHERE day = 3');

function run(
  jobId: string,
  shape: { fingerprint: string; normalized: string },
  at: number,
  durationMs: number,
): JobRecord {
  const base = buildJob({ jobId });
  return buildJob({
    jobId,
    fingerprint: shape.fingerprint,
    sqlText: shape.normalized,
    durationMs,
    bytesScanned: 3n * 1024n * 1024n,
    cpuTimeMs: BigInt(durationMs),
    timestamps: { ...base.timestamps, submittedAt: new Date(at) },
  });
}

/**
 * FAST: 1,200 runs of 250 ms over 12 days. STEADY: 25 runs of 1..25 s, one a day (p50 13.0 s, p95
 * 23.8 s, p99 24.8 s by percentile_cont), with a regression finding at its 20th day. SLOW: 20 runs of
 * 90 s. Baselines are refreshed over the 30 days ending at END, as analyze does.
 */
async function seed(store: Store): Promise<void> {
  const { db } = store;
  const { id: clusterId } = await ensureCluster(db, { name: 'prod', kind: 'software' });
  await upsertJobs(db, clusterId, [
    ...Array.from({ length: 1200 }, (_, i) => run(`fast-${i}`, FAST, END - 12 * DAY + i * 10 * MINUTE, 250)),
    ...Array.from({ length: 25 }, (_, i) => run(`steady-${i}`, STEADY, END - (25 - i) * DAY, (i + 1) * 1000)),
    ...Array.from({ length: 20 }, (_, i) => run(`slow-${i}`, SLOW, END - (i + 1) * DAY, 90_000)),
  ]);
  await refreshBaselines(db, {
    clusterId,
    windowStart: new Date(END - 30 * DAY),
    windowEnd: new Date(END),
    windowDays: 30,
    minRuns: 20,
  });
  const subject: FindingSubject = { kind: 'fingerprint', fingerprint: STEADY.fingerprint, sampleSql: null };
  const regression: Finding = {
    id: findingId('regression', subject),
    detector: 'regression',
    severity: 'medium',
    confidence: 0.8,
    title: 'Query became slower than its baseline',
    subject,
    jobIds: [],
    evidence: {
      startedAt: new Date(END - 6 * DAY).toISOString(),
      baselineMedianMs: 10_000,
      recentMedianMs: 22_000,
      thresholds: [],
    },
    impactMsPerDay: 12_000,
  };
  await saveFindings(db, {
    clusterId,
    findings: [regression],
    seenAt: new Date(END),
    evaluatedDetectors: ['regression'],
    windowMs: 30 * DAY,
  });
}

describe.each(testBackends())('baselines list and show [$name]', (backend) => {
  let cli: CliStore | undefined;
  afterEach(async () => {
    await cli?.dispose();
    cli = undefined;
  });

  it('lists each shape and metric with runs separated and percentiles humanised; JSON keeps the numbers', async () => {
    cli = await seededCliStore(backend, seed);
    const { env, cwd } = cli;
    const table = await runCli(['baselines', 'list', '--metric', 'duration_ms'], {
      env: { ...env, COLUMNS: '120' },
      cwd,
    });
    expect(table.exitCode).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FINGERPRINT\s+METRIC\s+WINDOW\s+RUNS\s+P50\s+P95\s+P99$/);
    const row = (fp: string) => lines.find((l) => l.startsWith(fp))?.split(/\s{2,}/);
    expect(row(FAST.fingerprint)).toEqual([
      FAST.fingerprint,
      'duration_ms',
      '30 d',
      '1,200',
      '250 ms',
      '250 ms',
      '250 ms',
    ]);
    expect(row(STEADY.fingerprint)).toEqual([
      STEADY.fingerprint,
      'duration_ms',
      '30 d',
      '25',
      '13.0 s',
      '23.8 s',
      '24.8 s',
    ]);
    expect(row(SLOW.fingerprint)).toEqual([
      SLOW.fingerprint,
      'duration_ms',
      '30 d',
      '20',
      '1.5 min',
      '1.5 min',
      '1.5 min',
    ]);
    expect(lines).toHaveLength(4);

    // Every metric of a shape by default; bytes in binary units; --limit pages and says there is more.
    const all = await runCli(['baselines', 'list', '--limit', '4'], { env, cwd });
    expect(all.stdout.trimEnd().split('\n')).toHaveLength(1 + 4 + 1);
    expect(all.stdout).toMatch(/bytes_scanned\s+30 d\s+\S+\s+3\.0 MiB\s+3\.0 MiB\s+3\.0 MiB/);
    expect(all.stdout).toContain('(more: raise --limit, or use --format json and its cursor)');

    const json = await runCli(['baselines', 'list', '--metric', 'duration_ms', '--format', 'json'], {
      env,
      cwd,
    });
    expect(json.exitCode).toBe(0);
    const page = JSON.parse(json.stdout);
    expect(page.nextCursor).toBeNull();
    const steady = page.items.find((b: { fingerprint: string }) => b.fingerprint === STEADY.fingerprint);
    expect(steady).toMatchObject({
      metric: 'duration_ms',
      windowDays: 30,
      runCount: 25,
      p50: 13_000,
      mean: 13_000,
    });
    expect(steady.p95).toBeCloseTo(23_800, 6);
    expect(steady.p99).toBeCloseTo(24_760, 6);
    expect(page.items.find((b: { fingerprint: string }) => b.fingerprint === FAST.fingerprint).runCount).toBe(
      1200,
    );

    const bad = await runCli(['baselines', 'list', '--metric', 'rows'], { env, cwd });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('metric');
  });

  it('shows one shape: its SQL, baselines, runs per day and change points; an unknown one fails clearly', async () => {
    cli = await seededCliStore(backend, seed);
    const { env, cwd } = cli;
    const show = await runCli(['baselines', 'show', STEADY.fingerprint, '--days', '7'], {
      env: { ...env, COLUMNS: '120' },
      cwd,
    });
    expect(show.exitCode).toBe(0);
    const out = show.stdout;
    expect(out.split('\n')[0]).toBe(`Fingerprint ${STEADY.fingerprint} on cluster prod`);
    expect(out).toContain(`Normalized SQL:\n  ${STEADY.normalized}`);
    expect(out).toMatch(/duration_ms\s+30 d\s+25\s+13\.0 s\s+23\.8 s\s+24\.8 s/);
    expect(out).toContain('30 d window: 2026-10-02 00:00:00 UTC to 2026-11-01 00:00:00 UTC');
    // Its newest run was a day before END: the 7 days of runs end just after it, one run each day.
    expect(out).toContain('Runs per day, 2026-10-24 to 2026-10-31 (UTC):');
    expect(out).toMatch(/2026-10-31\s+1\s+0\s+25\.0 s\s+25\.0 s/);
    expect(out).toMatch(/2026-10-25\s+1\s+0\s+19\.0 s\s+19\.0 s/);
    expect(out).not.toMatch(/^2026-10-24\s/m);
    expect(out).toMatch(
      /Change points:\n.*\n2026-10-26 00:00:00 UTC\s+10\.0 s\s+22\.0 s\s+open\s+[0-9a-f]{16}/,
    );

    const json = await runCli(['baselines', 'show', STEADY.fingerprint, '--format', 'json'], { env, cwd });
    const detail = JSON.parse(json.stdout);
    expect(detail).toMatchObject({
      fingerprint: STEADY.fingerprint,
      normalizedSql: STEADY.normalized,
      changePoints: [{ at: '2026-10-26T00:00:00.000Z', beforeMs: 10_000, afterMs: 22_000, status: 'open' }],
    });
    expect(detail.baselines.map((b: { metric: string }) => b.metric).sort()).toEqual([
      'bytes_scanned',
      'cpu_time_ms',
      'duration_ms',
    ]);
    expect(detail.days).toHaveLength(25);
    expect(detail.days[0]).toEqual({ day: '2026-10-07', runs: 1, failed: 0, p50Ms: 1000, p95Ms: 1000 });

    const missing = await runCli(['baselines', 'show', 'ffffffffffffffff'], { env, cwd });
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain('no fingerprint ffffffffffffffff in cluster prod');
  });
});
