import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { INJECTION_FINDING, PII_FINDING, PII_RECOMMENDATION, seedWorld } from '../agent/agent-world.js';
import { type CliStore, seededCliStore } from '../support/cli-store.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

/** Runs the CLI in process with stdout flagged as a terminal, as a real TTY would be. */
async function runOnTty(args: readonly string[], options: { env: Record<string, string>; cwd: string }) {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  const out: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  const exitCode = await main(args, {
    stdout,
    stderr: new PassThrough(),
    env: options.env,
    cwd: options.cwd,
  });
  return { exitCode, stdout: out.join('') };
}

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

  it('shows one finding in full: evidence humanised, jobs, recommendations; an unknown id fails clearly', async () => {
    const env = await seeded();
    const run = await runCli(['findings', 'show', PII_FINDING.id], { env, cwd: cli!.cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(PII_FINDING.title);
    expect(run.stdout).toMatch(/detector\s+select-star, severity high, confidence 90%/);
    // Evidence in units a person reads (2e9 bytes against a 1e9-byte rung); --format json keeps them exact.
    expect(run.stdout).toMatch(/bytesScanned\s+1\.9 GiB\s+against 953\.7 MiB → high/);
    expect(run.stdout).toContain('Jobs (4): pii-0, pii-1, pii-2, pii-3');
    expect(run.stdout).toContain(PII_RECOMMENDATION.id);
    expect(run.stdout).toContain('19.0 s/day');
    const json = await runCli(['findings', 'show', PII_FINDING.id, '--format', 'json'], {
      env,
      cwd: cli!.cwd,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({ id: PII_FINDING.id, jobIds: PII_FINDING.jobIds });
    expect(JSON.parse(json.stdout).evidence.thresholds[0]).toMatchObject({ value: 2e9, threshold: 1e9 });
    const missing = await runCli(['findings', 'show', 'nope'], { env, cwd: cli!.cwd });
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain('no finding nope');
  });

  it('colours severities on a terminal; NO_COLOR, a pipe or --format json print no escapes', async () => {
    const env = await seeded();
    const tty = await runOnTty(['findings', 'list'], { env, cwd: cli!.cwd });
    expect(tty.exitCode).toBe(0);
    expect(tty.stdout).toContain('\u001b[31mhigh\u001b[39m');
    expect(tty.stdout).toContain('\u001b[33mmedium\u001b[39m');
    const shown = await runOnTty(['findings', 'show', PII_FINDING.id], { env, cwd: cli!.cwd });
    expect(shown.stdout).toContain('severity \u001b[31mhigh\u001b[39m');
    for (const run of [
      await runOnTty(['findings', 'list'], { env: { ...env, NO_COLOR: '1' }, cwd: cli!.cwd }),
      await runOnTty(['findings', 'show', PII_FINDING.id], {
        env: { ...env, NO_COLOR: 'yes' },
        cwd: cli!.cwd,
      }),
      await runOnTty(['findings', 'list', '--format', 'json'], { env, cwd: cli!.cwd }),
      await runCli(['findings', 'list'], { env, cwd: cli!.cwd }),
    ]) {
      expect(run.exitCode).toBe(0);
      expect(run.stdout).not.toContain('\u001b[');
    }
    // An empty NO_COLOR does not count (no-color.org): the terminal still gets colour.
    const empty = await runOnTty(['findings', 'list'], { env: { ...env, NO_COLOR: '' }, cwd: cli!.cwd });
    expect(empty.stdout).toContain('\u001b[31mhigh\u001b[39m');
  });
});
