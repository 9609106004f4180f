import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalysisReport } from '../../src/analysis/analysis-report.js';
import { describeJobsBeforeWindow, exitCodeFor, planAnalyze } from '../../src/cli/analyze.js';
import { parseSince, parseUntil } from '../../src/cli/time-argument.js';
import { planWaive } from '../../src/cli/waive.js';
import type { JobRecord } from '../../src/domain/job.js';
import { analysisJsonSchema } from '../../src/format/analysis-json.js';
import { ensureCluster, openStore, upsertJobs } from '../../src/store/index.js';
import { seededCliStore } from '../support/cli-store.js';
import { realFixture } from '../support/fixtures.js';
import { buildJob } from '../support/job-builder.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function workdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'do-analyze-'));
  dirs.push(d);
  return d;
}

describe('analyze and waive option parsing', () => {
  const sinceCases = [
    { name: 'a date', text: '2026-10-01', expected: { kind: 'at', at: new Date('2026-10-01T00:00:00Z') } },
    {
      name: 'a UTC time',
      text: '2026-10-01T08:30:00Z',
      expected: { kind: 'at', at: new Date('2026-10-01T08:30:00Z') },
    },
    {
      name: 'a zoneless time (UTC)',
      text: '2026-10-01 08:30',
      expected: { kind: 'at', at: new Date('2026-10-01T08:30:00Z') },
    },
    { name: 'days back', text: '7d', expected: { kind: 'span', days: 7 } },
    { name: 'hours back', text: '12h', expected: { kind: 'span', days: 0.5 } },
  ];
  it.each(sinceCases)('--since reads $name', ({ text, expected }) => {
    expect(parseSince(text)).toEqual(expected);
  });

  it.each(['yesterday', '0d', '2026-13-45', '7w', ''])('--since rejects %j', (text) => {
    expect(() => parseSince(text)).toThrow(/expected a date/);
  });

  it('--until reads a bare date as the end of that day', () => {
    expect(parseUntil('2026-12-31')).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(parseUntil('2026-12-31T18:00:00Z')).toEqual(new Date('2026-12-31T18:00:00Z'));
    expect(() => parseUntil('soon')).toThrow(/expected a date/);
  });

  it('maps options to the service without a store', () => {
    expect(
      planAnalyze({
        since: { kind: 'span', days: 7 },
        cluster: 'prod',
        detector: ['spill', 'skew', 'spill'],
        format: 'sarif',
        failOn: 'high',
        dryRun: true,
      }),
    ).toEqual({
      service: { cluster: 'prod', windowDays: 7, detectors: ['spill', 'skew'], dryRun: true },
      format: 'sarif',
      failOn: 'high',
    });
    expect(planAnalyze({ format: 'table', dryRun: false }).service).toEqual({ dryRun: false });
    expect(planWaive('spill:*', { reason: 'ok', dryRun: false, format: 'table' })).toEqual({
      target: 'spill:*',
      reason: 'ok',
      dryRun: false,
    });
  });

  const failOnCases = [
    { name: 'no --fail-on', failOn: undefined, severities: ['critical'], code: 0 },
    { name: 'a finding at the bar', failOn: 'high', severities: ['low', 'high'], code: 1 },
    { name: 'a finding above the bar', failOn: 'medium', severities: ['critical'], code: 1 },
    { name: 'findings below the bar', failOn: 'critical', severities: ['low', 'high'], code: 0 },
    { name: 'no findings', failOn: 'low', severities: [], code: 0 },
  ] as const;
  it.each(failOnCases)('--fail-on: $name → exit $code', ({ failOn, severities, code }) => {
    const report = { findings: severities.map((severity) => ({ severity })) } as unknown as AnalysisReport;
    expect(exitCodeFor(report, failOn)).toBe(code);
  });
});

describe('the hint on jobs the default window leaves out', () => {
  const window = { from: new Date('2026-10-01T08:00:00Z'), to: new Date('2026-10-31T08:00:00Z'), days: 30 };
  it('names the count, the window start and the --since that takes them in; nothing when none', () => {
    expect(
      describeJobsBeforeWindow({
        window,
        beforeDefaultWindow: { count: 1234, oldestAt: new Date('2026-08-01T23:59:00Z') },
      }),
    ).toBe(
      'hint: 1,234 stored jobs before 2026-10-01 08:00:00 UTC are outside the default window (30 days ending at the newest job); use --since 2026-08-01 to include them',
    );
    expect(
      describeJobsBeforeWindow({
        window,
        beforeDefaultWindow: { count: 1, oldestAt: new Date('2026-09-30T00:00:00Z') },
      }),
    ).toMatch(/^hint: 1 stored job before .* is outside .* use --since 2026-09-30 to include it$/);
    expect(describeJobsBeforeWindow({ window, beforeDefaultWindow: undefined })).toBeUndefined();
  });
});

describe.each(testBackends())('analyze after importing old files [$name]', (backend) => {
  it('hints on stderr at the stored jobs before the default window, and not once --since is given', async () => {
    const cli = await seededCliStore(backend, async () => {});
    try {
      const { env, cwd } = cli;
      // Queries of September 2022 and a job-history page of April 2024, imported into one cluster.
      const imported = await runCli(
        [
          'import',
          realFixture('dqd/queries.json'),
          realFixture('ddc/sys.jobs_recent.json'),
          '--cluster',
          'old',
        ],
        { env, cwd },
      );
      expect(imported.exitCode).toBe(0);
      const hint =
        'hint: 11 stored jobs before 2024-03-26 08:24:18 UTC are outside the default window (30 days ending at the newest job); use --since 2022-09-23 to include them\n';
      const table = await runCli(['analyze', '--dry-run'], { env, cwd });
      expect(table.exitCode).toBe(0);
      expect(table.stderr).toBe(hint);
      expect(table.stdout).not.toContain('hint:');
      // JSON has no place for notes: the hint stays on stderr and stdout stays one document.
      const json = await runCli(['analyze', '--dry-run', '--format', 'json'], { env, cwd });
      expect(json.stderr).toBe(hint);
      analysisJsonSchema.parse(JSON.parse(json.stdout));

      for (const since of ['2022-09-23', '30d']) {
        const chosen = await runCli(['analyze', '--dry-run', '--since', since], { env, cwd });
        expect(chosen.exitCode).toBe(0);
        expect(chosen.stderr).toBe('');
      }
      const all = await runCli(['analyze', '--dry-run', '--since', '2022-09-23'], { env, cwd });
      expect(all.stdout).toMatch(/13 jobs/);
    } finally {
      await cli.dispose();
    }
  });
});

async function seedQueueWaits(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir, command: 'test' });
  try {
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    const base = buildJob({ jobId: 'x' });
    const job = (i: number): JobRecord =>
      buildJob({
        jobId: `q${i}`,
        fingerprint: 'queued',
        timestamps: { ...base.timestamps, submittedAt: new Date(Date.UTC(2026, 9, 1) + i * 3_600_000) },
        durationMs: 35_000,
        phases: { ...base.phases, queuedMs: 30_000 },
      });
    await upsertJobs(
      store.db,
      cluster.id,
      Array.from({ length: 40 }, (_, i) => job(i)),
    );
  } finally {
    await store.close();
  }
}

describe('analyze and waive commands', () => {
  it('lists analyze and waive with their options from a real process', async () => {
    const entry = ['--import', 'tsx', 'test/support/cli-entry.ts'];
    const analyze = await promisify(execFile)(process.execPath, [...entry, 'analyze', '--help']);
    for (const option of ['--since', '--cluster', '--detector', '--format', '--fail-on', 'sarif'])
      expect(analyze.stdout).toContain(option);
    const waive = await promisify(execFile)(process.execPath, [...entry, 'waive', '--help']);
    expect(waive.stdout).toContain('--reason');
    expect(waive.stdout).toContain('--until');
  });

  it('analyses imported real files: JSON matches the contract, SARIF and table print, nothing fires', async () => {
    const cwd = workdir();
    const env = { DATA_DIR: join(cwd, 'data') };
    const imported = await runCli(['import', realFixture('dqd'), '--cluster', 'real'], { env, cwd });
    expect(imported.exitCode).toBe(0);
    const json = await runCli(['analyze', '--since', '2000-01-01', '--format', 'json', '--fail-on', 'low'], {
      env,
      cwd,
    });
    expect(json.exitCode).toBe(0);
    const document = analysisJsonSchema.parse(JSON.parse(json.stdout));
    expect(document.findings).toEqual([]);
    const sarif = await runCli(['analyze', '--format', 'sarif'], { env, cwd });
    expect(JSON.parse(sarif.stdout)).toMatchObject({ version: '2.1.0', runs: [{ results: [] }] });
    const table = await runCli(['analyze', '--cluster', 'real'], { env, cwd });
    expect(table.stdout).toContain('No findings from 16 detectors.');
    expect(table.stdout).toContain('Not evaluated');
  });

  it('gates on --fail-on, waives by id, and refuses bad input with the right exit codes', async () => {
    const cwd = workdir();
    const env = { DATA_DIR: join(cwd, 'data') };
    await seedQueueWaits(env.DATA_DIR);
    const gated = await runCli(
      ['analyze', '--detector', 'queue-wait', '--format', 'json', '--fail-on', 'low'],
      {
        env,
        cwd,
      },
    );
    expect(gated.exitCode).toBe(1);
    const [finding] = analysisJsonSchema.parse(JSON.parse(gated.stdout)).findings;
    expect(finding).toMatchObject({ detector: 'queue-wait', subject: { kind: 'fingerprint' } });

    // The table takes the terminal's width (COLUMNS here): more of the subject at 160, nothing past it.
    const widest = async (columns: number) => {
      const table = await runCli(['analyze', '--detector', 'queue-wait'], {
        env: { ...env, COLUMNS: String(columns) },
        cwd,
      });
      const lengths = table.stdout.split('\n').map((line) => line.length);
      for (const length of lengths) expect(length).toBeLessThanOrEqual(columns);
      return Math.max(...lengths);
    };
    expect(await widest(160)).toBeGreaterThan(await widest(80));

    const waived = await runCli(['waive', finding!.id, '--reason', 'known batch window'], { env, cwd });
    expect(waived.exitCode).toBe(0);
    expect(waived.stdout).toContain(`waived ${finding!.id}`);
    const after = await runCli(['analyze', '--detector', 'queue-wait', '--fail-on', 'low'], { env, cwd });
    expect(after.exitCode).toBe(0);
    expect(after.stdout).toContain('1 finding hidden by waivers.');

    const unknownId = await runCli(['waive', 'ffffffffffffffff', '--reason', 'x'], { env, cwd });
    expect(unknownId.exitCode).toBe(3);
    expect(unknownId.stderr).toContain('FINDING_UNKNOWN');
    const noReason = await runCli(['waive', 'spill:*'], { env, cwd });
    expect(noReason.exitCode).toBe(2);
    const badDetector = await runCli(['analyze', '--detector', 'nope'], { env, cwd });
    expect(badDetector.exitCode).toBe(2);
    expect(badDetector.stderr).toContain('nope');
  });

  it('stops with exit 2 naming detectors.<id>.<path> when a ladder in the config is not monotonic', async () => {
    const cwd = workdir();
    writeFileSync(
      join(cwd, 'dremio-optimizer.config.json'),
      JSON.stringify({ detectors: { 'queue-wait': { queuedMs: { medium: 1 } } } }),
    );
    const run = await runCli(['analyze'], { env: { DATA_DIR: join(cwd, 'data') }, cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('detectors.queue-wait.queuedMs');
    expect(run.stderr).toContain('monotonic');
  });

  it('adds findings to analyze-profile output', async () => {
    const cwd = workdir();
    const json = await runCli(['analyze-profile', realFixture('dqd/profile1.json'), '--format', 'json'], {
      cwd,
    });
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout).profiles[0].findings).toEqual([]);
    const table = await runCli(['analyze-profile', realFixture('dqd/profile1.json')], { cwd });
    expect(table.stdout).toContain('No findings (job-scope detectors');
  });
});
