import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../../src/json/lossless-json.js';
import { summarizeProfile } from '../../src/profile/summarize.js';
import { findCluster, upsertProfile } from '../../src/store/index.js';
import { PII_SQL, seedWorld } from '../agent/agent-world.js';
import { type CliStore, seededCliStore } from '../support/cli-store.js';
import { realFixture } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

describe.each(testBackends())('jobs show [$name]', (backend) => {
  let cli: CliStore | undefined;
  afterEach(async () => {
    await cli?.dispose();
    cli = undefined;
  });

  it('shows a stored job with its phases, SQL and profile summary, and as the service JSON', async () => {
    const text = readFileSync(realFixture('dqd/profile1.json'), 'utf8');
    const summary = summarizeProfile(parseLosslessJson(text), { attempt: 0 });
    cli = await seededCliStore(backend, async (store) => {
      await seedWorld(store);
      const cluster = await findCluster(store.db, 'prod');
      await upsertProfile(store.db, cluster!.id, {
        jobId: 'pii-0',
        attempt: 0,
        dremioVersion: '25.1',
        sizeBytes: text.length,
        summary,
        rawGzip: null,
        source: 'test',
        sourceRef: null,
      });
    });
    const cwd = cli.cwd;
    const env = { ...cli.env, COLUMNS: '100' };
    const run = await runCli(['jobs', 'show', 'pii-0'], { env, cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^Job pii-0 on prod: /);
    expect(run.stdout).toMatch(/duration\s+10\.0 s/);
    expect(run.stdout).toContain('Phases');
    expect(run.stdout).toMatch(/running\s+\S/);
    expect(run.stdout).toContain(PII_SQL);
    expect(run.stdout).toMatch(/Profile \(attempt 0, Dremio 25\.1/);
    // The profile page as `analyze-profile` prints it.
    expect(run.stdout).toContain(summary.jobId);

    const clean = await runCli(['jobs', 'show', 'clean-0'], { env, cwd });
    expect(clean.stdout).toContain('No profile stored for this job');
    const json = JSON.parse(
      (await runCli(['jobs', 'show', 'pii-0', '--format', 'json'], { env, cwd })).stdout,
    );
    expect(json).toMatchObject({ jobId: 'pii-0', durationMs: 10_000, profile: { attempt: 0 } });
    const missing = await runCli(['jobs', 'show', 'nope'], { env, cwd });
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain('no job nope in cluster prod');
  });
});
