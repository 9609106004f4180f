import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppDeps } from '../../src/app/app-deps.js';
import { collectData, collectOutput } from '../../src/app/collect.js';
import { importData, importOutput } from '../../src/app/import.js';
import { flagOf } from '../../src/cli/field-flags.js';
import { configSchema } from '../../src/config/index.js';
import { InvalidInputError } from '../../src/errors.js';
import { countProfiles, findCluster, listClusters, listJobIds } from '../../src/store/index.js';
import { runCli } from '../support/run-cli.js';
import { silentLogger, simulatorApp } from '../support/sim-app.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe.each(testBackends())('collect service [$name]', (backend) => {
  async function setup() {
    const fresh = await backend.fresh();
    cleanups.push(() => fresh.dispose());
    const app = await simulatorApp(fresh.store);
    cleanups.push(() => app.dispose());
    return { store: fresh.store, ...app };
  }

  it('collects the stages asked for, with the profile budget given as text, and answers in its JSON form', async () => {
    const { store, deps } = await setup();
    const out = await collectData(deps, { cluster: 'sim', profiles: '7', only: 'history,profiles' });
    expect(collectOutput.parse(out)).toEqual(out);
    if (out.dryRun) throw new Error('not a dry run');
    expect(out.status).toBe('succeeded');
    expect(out.clusterName).toBe('sim');
    expect(typeof out.runId).toBe('number');
    expect(out.history?.inserted).toBeGreaterThan(100);
    expect(out.profiles?.fetched).toBe(7);
    // Stages not asked for did not run: null, not absent.
    expect(out.reflections).toBeNull();
    expect(out.datasets).toBeNull();
    const cluster = (await findCluster(store.db, 'sim'))!;
    expect((await listJobIds(store.db, cluster.id)).length).toBe(out.history?.inserted);
    expect(await countProfiles(store.db, cluster.id)).toBe(7);
  });

  it('refuses bad options field by field, before reading anything', async () => {
    const { store, deps } = await setup();
    const refused = async (options: Parameters<typeof collectData>[1]) => {
      const error = await collectData(deps, options).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidInputError);
      return (error as InvalidInputError).problems.map((p) => p.field);
    };
    expect(await refused({ since: 'last tuesday' })).toEqual(['since']);
    expect(await refused({ profiles: '-3' })).toEqual(['profiles']);
    expect(await refused({ only: 'history,bogus' })).toEqual(['only.1']);
    expect(await refused({ since: '2026-11-02', until: '2026-11-01' })).toEqual(['until']);
    expect(await refused({ dryRun: 'maybe' } as never)).toEqual(['dryRun']);
    expect(await listClusters(store.db)).toEqual([]);
  });

  it('plans on a dry run and writes nothing', async () => {
    const { store, deps } = await setup();
    const out = await collectData(deps, { dryRun: 'true', since: '2026-11-01', profiles: 5 });
    expect(collectOutput.parse(out)).toEqual(out);
    expect(out).toMatchObject({
      dryRun: true,
      since: '2026-11-01T00:00:00.000Z',
      until: null,
      profileBudget: 5,
    });
    expect(await listClusters(store.db)).toEqual([]);
  });
});

describe.each(testBackends())('import service [$name]', (backend) => {
  it('imports files and reports missing ones as problems, in its JSON form', async () => {
    const fresh = await backend.fresh();
    cleanups.push(() => fresh.dispose());
    const deps = createAppDeps({
      config: configSchema.parse({ dremio: {}, database: {}, log: {}, profiles: {}, api: {}, llm: {} }),
      logger: silentLogger,
      store: fresh.store,
    });
    cleanups.push(() => deps.close());
    const dir = mkdtempSync(join(tmpdir(), 'do-app-import-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const out = await importData(deps, { paths: [join(dir, 'absent.json')], cluster: 'files' });
    expect(importOutput.parse(out)).toEqual(out);
    expect(out.problems).toEqual([{ where: join(dir, 'absent.json'), reason: 'no such file or directory' }]);
    expect(typeof out.runId).toBe('number');
    await expect(importData(deps, { paths: [] })).rejects.toMatchObject({
      problems: [expect.objectContaining({ field: 'paths' })],
    });
  });
});

describe('CLI wording of service fields', () => {
  it('names options, not fields', () => {
    expect(flagOf('dryRun')).toBe('--dry-run');
    expect(flagOf('only.1')).toBe('--only');
    expect(flagOf('jobId')).toBe('<job-id>');
    expect(flagOf('cluster', { cluster: '--name' })).toBe('--name');
  });

  it('collect prints the refused option as the user typed it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'do-app-cli-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    const run = await runCli(['collect', '--dry-run', '--since', 'soon', '--only', 'history,nope'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--since: got "soon", expected an ISO 8601 date');
    expect(run.stderr).toContain('--only: got "history,nope"');
    expect(run.stderr).not.toMatch(/\bonly\.1\b/);
  });
});
