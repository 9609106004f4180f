import { afterEach, describe, expect, it } from 'vitest';
import { INJECTION_FINDING, PII_FINDING, PII_RECOMMENDATION, seedWorld } from '../agent/agent-world.js';
import { type CliStore, seededCliStore } from '../support/cli-store.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

describe.each(testBackends())('findings list and show [$name]', (backend) => {
  let cli: CliStore | undefined;
  afterEach(async () => {
    await cli?.dispose();
    cli = undefined;
  });

  async function seeded(): Promise<Record<string, string>> {
    cli = await seededCliStore(backend, seedWorld);
    return cli.env;
  }

  it('lists findings largest first, wrapped to the width with nothing cut, and as the service JSON', async () => {
    const env = await seeded();
    for (const columns of ['80', '160']) {
      const run = await runCli(['findings', 'list'], { env: { ...env, COLUMNS: columns }, cwd: cli!.cwd });
      expect(run.exitCode).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(Number(columns));
      expect(lines[0]).toMatch(/^SEVERITY\s+DETECTOR\s+AT STAKE\s+JOBS\s+STATUS\s+ID, FINDING AND SUBJECT$/);
      expect(lines[1]).toMatch(/^high\s+select-star\s+26\.7 s\/day\s+4\s+open\s+/);
      expect(lines[1]).toContain(PII_FINDING.id);
      // The title and subject arrive whole, however many lines they take.
      const text = lines.join(' ').replace(/\s+/g, ' ');
      expect(text).toContain(PII_FINDING.title);
      expect(text.indexOf(PII_FINDING.id)).toBeLessThan(text.indexOf(INJECTION_FINDING.id));
    }
    const json = await runCli(['findings', 'list', '--severity', 'high', '--format', 'json'], {
      env,
      cwd: cli!.cwd,
    });
    const page = JSON.parse(json.stdout);
    expect(page.items.map((f: { id: string }) => f.id)).toEqual([PII_FINDING.id]);
    expect(page.items[0]).toMatchObject({ impactMsPerDay: 26_667, jobCount: 4, status: 'open' });
  });

  it('shows one finding in full: evidence as stored, jobs, recommendations; an unknown id fails clearly', async () => {
    const env = await seeded();
    const run = await runCli(['findings', 'show', PII_FINDING.id], { env, cwd: cli!.cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(PII_FINDING.title);
    expect(run.stdout).toMatch(/detector\s+select-star, severity high, confidence 90 %/);
    expect(run.stdout).toContain('"quantity": "bytesScanned"');
    expect(run.stdout).toContain('Jobs (4): pii-0, pii-1, pii-2, pii-3');
    expect(run.stdout).toContain(PII_RECOMMENDATION.id);
    expect(run.stdout).toContain('19.0 s/day');
    const json = await runCli(['findings', 'show', PII_FINDING.id, '--format', 'json'], {
      env,
      cwd: cli!.cwd,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({ id: PII_FINDING.id, jobIds: PII_FINDING.jobIds });
    const missing = await runCli(['findings', 'show', 'nope'], { env, cwd: cli!.cwd });
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain('no finding nope');
  });
});
