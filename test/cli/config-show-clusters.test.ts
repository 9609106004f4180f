import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('config show with clusters', () => {
  it('lists each cluster readable, its password and token masked wherever they came from', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'do-config-show-'));
    writeFileSync(
      join(cwd, 'dremio-optimizer.config.yaml'),
      [
        'clusters:',
        '  - name: prod-eu',
        '    url: http://prod:9047',
        '    username: ops',
        '  - name: staging',
        '    url: http://staging:9047',
        '    token: file-token-secret-1',
        '',
      ].join('\n'),
    );
    const env = { DREMIO_PROD_EU_PASSWORD: 'env-password-secret-2' };
    const run = await runCli(['config', 'show', '--format', 'json'], { env, cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('file-token-secret-1');
    expect(run.stdout + run.stderr).not.toContain('env-password-secret-2');
    const { settings } = JSON.parse(run.stdout) as { settings: { key: string; value?: string }[] };
    const clusters = JSON.parse(settings.find((s) => s.key === 'clusters')!.value!) as unknown[];
    expect(clusters).toEqual([
      expect.objectContaining({
        name: 'prod-eu',
        url: 'http://prod:9047',
        username: 'ops',
        password: '****',
      }),
      expect.objectContaining({ name: 'staging', url: 'http://staging:9047', token: '****' }),
    ]);
  });

  it('stops on a duplicate name and on DREMIO_URL beside clusters, one line per problem (exit 2)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'do-config-show-'));
    writeFileSync(
      join(cwd, 'dremio-optimizer.config.json'),
      JSON.stringify({
        clusters: [
          { name: 'a', url: 'http://a:9047' },
          { name: 'a', url: 'http://b:9047' },
        ],
      }),
    );
    const run = await runCli(['config', 'show'], { env: { DREMIO_URL: 'http://c:9047' }, cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/clusters\[1\] "a"\.name .*a name no other cluster has/);
    expect(run.stderr).toMatch(/DREMIO_URL.*unset when `clusters` is configured/);
  });
});
