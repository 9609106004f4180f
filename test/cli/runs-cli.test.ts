import { afterEach, describe, expect, it } from 'vitest';
import { finishRun, recordCollectionError, startRun } from '../../src/store/collection-runs-repository.js';
import { ensureCluster } from '../../src/store/index.js';
import { type CliStore, seededCliStore } from '../support/cli-store.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

describe.each(testBackends())('runs list and show [$name]', (backend) => {
  let cli: CliStore | undefined;
  afterEach(async () => {
    await cli?.dispose();
    cli = undefined;
  });

  it('lists runs newest first with what they stored, and shows the items one could not collect', async () => {
    let partial = 0n;
    cli = await seededCliStore(backend, async (store) => {
      const { id: clusterId } = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
      const ok = await startRun(store.db, { clusterId, kind: 'collect', options: { profileBudget: 10 } });
      await finishRun(store.db, { runId: ok, status: 'succeeded', counts: { history: { inserted: 1204 } } });
      partial = await startRun(store.db, { clusterId, kind: 'collect', options: {} });
      await recordCollectionError(store.db, {
        runId: partial,
        clusterId,
        error: {
          stage: 'profiles',
          item: 'job 1a2b-3c4d',
          message: 'HTTP 404 from GET /api/v3/job/1a2b-3c4d/profile',
          hint: 'the job aged out of Dremio; nothing to do',
        },
      });
      await finishRun(store.db, {
        runId: partial,
        status: 'partial',
        counts: { history: { inserted: 3 }, profiles: { fetched: 40, failed: 1 } },
      });
    });
    const cwd = cli.cwd;
    const env = { ...cli.env, COLUMNS: '100' };
    const list = await runCli(['runs', 'list'], { env, cwd });
    expect(list.exitCode).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s*ID\s+CLUSTER\s+KIND\s+STATUS\s+STARTED\s+TOOK\s+ERRORS\s+STORED$/);
    // The list gives each stage's headline number; `show` and the JSON have the rest.
    expect(lines[1]).toMatch(
      /^\s*\d+\s+prod\s+collect\s+partial\s+.+UTC\s+.+\s+1\s+3 new jobs · 40 profiles$/,
    );
    expect(lines.at(-1)).toMatch(/succeeded.+\s0\s+1,204 new jobs$/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);

    const json = JSON.parse((await runCli(['runs', 'list', '--format', 'json'], { env, cwd })).stdout);
    expect(json.items.map((r: { status: string }) => r.status)).toEqual(['partial', 'succeeded']);
    expect(json.items[0].counts).toEqual({ history: { inserted: 3 }, profiles: { fetched: 40, failed: 1 } });

    const show = await runCli(['runs', 'show', String(partial)], { env, cwd });
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toContain(`Run ${partial}: collect on prod, partial`);
    expect(show.stdout).toContain('Items it could not collect (1):');
    expect(show.stdout).toMatch(/^ {2}history {5}inserted 3$/m);
    expect(show.stdout).toMatch(/^ {2}profiles {4}failed 1 · fetched 40$/m);
    expect(show.stdout).toMatch(/profiles\s+job 1a2b-3c4d\s+HTTP 404/);
    expect(show.stdout.replace(/\s+/g, ' ')).toContain('the job aged out of Dremio; nothing to do');
    const detail = JSON.parse(
      (await runCli(['runs', 'show', String(partial), '--format', 'json'], { env, cwd })).stdout,
    );
    expect(detail.errors).toHaveLength(1);
    const missing = await runCli(['runs', 'show', '999999'], { env, cwd });
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain('no collection run 999999');
  });
});
