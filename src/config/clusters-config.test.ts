import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { clusterEnvName } from './cluster-env.js';
import { describeConfig } from './describe-config.js';
import { loadConfig } from './load-config.js';
import { secretsFromEnv } from './secret-values.js';

function dirWith(config: unknown, dotenv?: string): string {
  const d = mkdtempSync(join(tmpdir(), 'do-clusters-'));
  writeFileSync(join(d, 'dremio-optimizer.config.json'), JSON.stringify(config));
  if (dotenv !== undefined) writeFileSync(join(d, '.env'), dotenv);
  return d;
}

function problemsOf(fn: () => unknown): readonly { key: string; value: string; expected: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const prod = { name: 'prod', url: 'http://prod:9047', username: 'ops', password: 'file-password-1' };
const cloud = { name: 'eu-cloud', url: 'https://api.dremio.cloud', projectId: 'p-1', schedule: '15m' };

describe('clusters in the configuration', () => {
  it('reads each entry with the dremio defaults filled', () => {
    const { config } = loadConfig({ env: {}, cwd: dirWith({ clusters: [prod, cloud] }) });
    expect(config.clusters.map((c) => c.name)).toEqual(['prod', 'eu-cloud']);
    expect(config.clusters[0]).toMatchObject({
      url: 'http://prod:9047',
      maxConcurrency: 4,
      tlsInsecure: false,
    });
    expect(config.clusters[1]).toMatchObject({ projectId: 'p-1', schedule: '15m', requestTimeoutMs: 30_000 });
    expect(config.dremio.url).toBeUndefined();
  });

  it('is empty when absent, and the dremio section works as before', () => {
    const { config } = loadConfig({ env: { DREMIO_URL: 'http://one:9047' }, cwd: dirWith({}) });
    expect(config.clusters).toEqual([]);
    expect(config.dremio.url).toBe('http://one:9047');
  });

  it('names secret variables after the cluster: upper case, other characters as _', () => {
    expect(clusterEnvName('prod-eu.2', 'password')).toBe('DREMIO_PROD_EU_2_PASSWORD');
    expect(clusterEnvName('eu-cloud', 'token')).toBe('DREMIO_EU_CLOUD_TOKEN');
  });

  it('takes a password and token from DREMIO_<NAME>_… over the file, and from .env', () => {
    const cwd = dirWith({ clusters: [prod, cloud] }, 'DREMIO_EU_CLOUD_TOKEN=dotenv-token-2\n');
    const { config, secrets } = loadConfig({ env: { DREMIO_PROD_PASSWORD: 'env-password-3' }, cwd });
    expect(config.clusters[0]!.password).toBe('env-password-3');
    expect(config.clusters[1]!.token).toBe('dotenv-token-2');
    expect(secrets).toEqual(expect.arrayContaining(['env-password-3', 'dotenv-token-2']));
  });

  it('counts DREMIO_<NAME>_PASSWORD and _TOKEN as secrets before the configuration loads, short or not', () => {
    expect(
      secretsFromEnv({ DREMIO_PROD_PASSWORD: 'pw', DREMIO_EU_CLOUD_TOKEN: 'tok', DREMIO_URL: 'x' }),
    ).toEqual(['pw', 'tok']);
  });

  it('gives entries the tuning keys set in the dremio section, never its identity', () => {
    const { config } = loadConfig({
      env: { DREMIO_MAX_CONCURRENCY: '2' },
      cwd: dirWith({ dremio: { tlsInsecure: true }, clusters: [prod, { ...cloud, maxConcurrency: 8 }] }),
    });
    expect(config.clusters[0]).toMatchObject({ maxConcurrency: 2, tlsInsecure: true });
    expect(config.clusters[1]).toMatchObject({ maxConcurrency: 8, tlsInsecure: true });
  });

  it('reads DREMIO_CLUSTERS as a JSON list', () => {
    const { config } = loadConfig({ env: { DREMIO_CLUSTERS: JSON.stringify([prod]) }, cwd: dirWith({}) });
    expect(config.clusters.map((c) => c.name)).toEqual(['prod']);
  });

  it('refuses a name used twice, naming the entry and the file', () => {
    const cwd = dirWith({ clusters: [prod, { ...cloud, name: 'prod' }] });
    const problems = problemsOf(() => loadConfig({ env: {}, cwd }));
    expect(problems).toEqual([
      {
        key: expect.stringMatching(/^clusters\[1\] "prod"\.name \(in .*dremio-optimizer\.config\.json\)$/),
        value: 'prod',
        expected: 'a name no other cluster has ("prod" is used twice)',
      },
    ]);
  });

  it('refuses two names that would share their environment variables', () => {
    const cwd = dirWith({
      clusters: [
        { ...prod, name: 'prod-eu' },
        { ...cloud, name: 'prod.eu' },
      ],
    });
    const [problem] = problemsOf(() => loadConfig({ env: {}, cwd }));
    expect(problem?.expected).toContain('DREMIO_PROD_EU_PASSWORD');
  });

  it('refuses an entry without a url, and an unknown key', () => {
    const { url: _, ...noUrl } = prod;
    const cwd = dirWith({ clusters: [noUrl, { ...cloud, pasword: 'typo-secret' }] });
    const problems = problemsOf(() => loadConfig({ env: {}, cwd }));
    expect(problems.map((p) => p.key.replace(/ \(in .*\)$/, ''))).toEqual([
      'clusters[0] "prod".url',
      'clusters[1] "eu-cloud"',
    ]);
    expect(problems[0]!.expected).toMatch(/http\(s\) URL/);
    expect(problems[1]!.expected).toMatch(/pasword/);
    expect(JSON.stringify(problems)).not.toContain('typo-secret');
    expect(JSON.stringify(problems)).not.toContain('file-password-1');
  });

  it('refuses a bad schedule', () => {
    const cwd = dirWith({ clusters: [{ ...cloud, schedule: 'hourly' }] });
    const [problem] = problemsOf(() => loadConfig({ env: {}, cwd }));
    expect(problem).toMatchObject({ value: 'hourly', expected: 'an interval such as 30s, 15m, 1h or 1d' });
  });

  it('refuses DREMIO_URL or dremio credentials beside clusters: which Dremio is meant would be a guess', () => {
    const cwd = dirWith({ clusters: [prod] });
    const problems = problemsOf(() =>
      loadConfig({ env: { DREMIO_URL: 'http://other:9047', DREMIO_PASSWORD: 'global-secret' }, cwd }),
    );
    expect(problems.map((p) => p.key)).toEqual(['DREMIO_URL', 'DREMIO_PASSWORD']);
    expect(problems[0]!.expected).toMatch(/unset when `clusters` is configured/);
    expect(problems[1]!.expected).toContain('DREMIO_<NAME>_PASSWORD');
    expect(JSON.stringify(problems)).not.toContain('global-secret');
  });

  it('shows the clusters in config show with each password and token masked', () => {
    const cwd = dirWith({ clusters: [prod, { ...cloud, token: 'file-token-4' }] });
    const loaded = loadConfig({ env: { DREMIO_PROD_PASSWORD: 'env-password-5' }, cwd });
    const shown = describeConfig(loaded).find((s) => s.key === 'clusters')!;
    expect(shown.env).toBe('DREMIO_CLUSTERS');
    expect(shown.value).not.toContain('env-password-5');
    expect(shown.value).not.toContain('file-token-4');
    expect(shown.value).not.toContain('file-password-1');
    const list = JSON.parse(shown.value!) as Record<string, unknown>[];
    expect(list[0]).toMatchObject({
      name: 'prod',
      url: 'http://prod:9047',
      username: 'ops',
      password: '****',
    });
    expect(list[1]).toMatchObject({ name: 'eu-cloud', token: '****', projectId: 'p-1' });
  });
});
