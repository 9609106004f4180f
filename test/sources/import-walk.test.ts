import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/profile/archive-limits.js';
import { type ImportOptions, importFiles } from '../../src/sources/import-service.js';
import { realFixture } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const options = (paths: string[]): ImportOptions => ({
  paths,
  clusterName: 'offline',
  redactSql: false,
  storeRawProfiles: true,
  limits: DEFAULT_ARCHIVE_LIMITS,
});

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'do-walk-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const line = (queryId: string) =>
  `${JSON.stringify({ queryId, start: 1_700_000_000_000, finish: 1_700_000_000_500, outcome: 'COMPLETED' })}\n`;

async function pglite() {
  const t = await testBackends()[0]!.fresh();
  cleanups.push(() => t.dispose());
  return t.store;
}

describe('walking the input', () => {
  it('finishes on symlink loops, reads each real file once and names each loop in a warning', async () => {
    const root = workdir();
    const logs = join(root, 'logs');
    mkdirSync(join(logs, 'nested'), { recursive: true });
    writeFileSync(join(logs, 'queries.json'), line('a'));
    writeFileSync(join(logs, 'nested', 'queries.json'), line('b'));
    symlinkSync('..', join(logs, 'nested', 'up')); // back to logs/
    symlinkSync(root, join(logs, 'root')); // back above logs/
    symlinkSync('self', join(logs, 'self')); // resolves to itself (ELOOP)
    symlinkSync('queries.json', join(logs, 'same-file.json'));

    const summary = await importFiles(await pglite(), options([logs]));
    expect(summary.files).toBe(2);
    expect(summary.documents['queries-json']).toBe(2);
    expect(summary.jobs.inserted).toBe(2);
    expect(summary.problems).toEqual([]);
    expect(summary.warnings).toEqual([
      {
        where: join(logs, 'nested', 'up'),
        reason: expect.stringMatching(`leads back to ${logs}, already read`),
      },
      { where: join(logs, 'root', 'logs'), reason: expect.stringMatching('not followed') },
      { where: join(logs, 'self'), reason: expect.stringMatching(/symlink loop .*not followed/) },
    ]);
  });

  it("reports a '..' or absolute archive entry by archive and entry, and imports the rest", async () => {
    const dir = workdir();
    const zip = join(dir, 'bundle.zip');
    writeFileSync(
      zip,
      zipSync({
        'ok/queries.json': strToU8(line('inside')),
        '../escape.json': strToU8(line('escaped')),
        'a/../../up.json': strToU8(line('up')),
      }),
    );
    const summary = await importFiles(await pglite(), options([zip]));
    expect(summary.jobs.inserted).toBe(1);
    expect(summary.problems).toEqual([]);
    expect(summary.warnings).toEqual([
      { where: `${zip}!../escape.json`, reason: expect.stringMatching(/path leaves the archive/) },
      { where: `${zip}!a/../../up.json`, reason: expect.stringMatching(/path leaves the archive/) },
    ]);
  });

  it('counts files apart from the documents read from them', async () => {
    const cwd = workdir();
    const run = await runCli(['import', '--dry-run', realFixture('dqd/testprofile.zip')], {
      env: { DATA_DIR: join(cwd, 'data') },
      cwd,
    });
    expect(run.stdout).toMatch(
      /would import into cluster "offline": 1 file, 2 documents in them \(1 profile, 1 support header\)/,
    );
  });
});
