import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { describeConfig } from './describe-config.js';
import { loadConfig } from './load-config.js';

function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'do-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
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

describe('loadConfig', () => {
  it('fills defaults when nothing is configured', () => {
    const { config } = loadConfig({ env: {}, cwd: dir() });
    expect(config.dataDir).toBe('./.dremio-optimizer');
    expect(config.dremio.requestTimeoutMs).toBe(30_000);
    expect(config.dremio.url).toBeUndefined();
    expect(config.redactSql).toBe(false);
  });

  it('applies defaults < config file < .env < environment, and records each origin', () => {
    const cwd = dir({
      'dremio-optimizer.config.yaml':
        'dremio:\n  url: http://file:9047\n  maxConcurrency: 2\nlog:\n  level: warn\n',
      '.env': 'DREMIO_URL=http://dotenv:9047\nLOG_LEVEL=error\n',
    });
    const loaded = loadConfig({ env: { LOG_LEVEL: 'debug' }, cwd });
    expect(loaded.config.dremio.url).toBe('http://dotenv:9047');
    expect(loaded.config.dremio.maxConcurrency).toBe(2);
    expect(loaded.config.log.level).toBe('debug');
    expect(loaded.origins['dremio.url']).toMatchObject({ kind: 'dotenv' });
    expect(loaded.origins['dremio.maxConcurrency']).toMatchObject({ kind: 'file' });
    expect(loaded.origins['log.level']).toEqual({ kind: 'env' });
    expect(loaded.origins.dataDir).toEqual({ kind: 'default' });
  });

  it('reads a JSON config file named with --config', () => {
    const cwd = dir({
      'custom.json': JSON.stringify({ redactSql: true, detectors: { spill: { minTimeAtStakeMs: 5 } } }),
    });
    const { config } = loadConfig({ env: {}, cwd, configPath: 'custom.json' });
    expect(config.redactSql).toBe(true);
    expect(config.detectors).toEqual({ spill: { minTimeAtStakeMs: 5 } });
  });

  it('lists every problem, naming the variable and masking secrets', () => {
    const problems = problemsOf(() =>
      loadConfig({
        env: {
          DREMIO_URL: 'not-a-url',
          DREMIO_MAX_CONCURRENCY: 'many',
          DATABASE_URL: 'mysql://u:hunter2@h/db',
        },
        cwd: dir(),
      }),
    );
    expect(problems.map((p) => p.key).sort()).toEqual([
      'DATABASE_URL',
      'DREMIO_MAX_CONCURRENCY',
      'DREMIO_URL',
    ]);
    expect(problems.find((p) => p.key === 'DREMIO_URL')).toMatchObject({ value: 'not-a-url' });
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('names the file and key for a bad value or an unknown key in the config file', () => {
    const cwd = dir({ 'dremio-optimizer.config.json': JSON.stringify({ dremio: { url: 5, bogus: 1 } }) });
    const keys = problemsOf(() => loadConfig({ env: {}, cwd })).map((p) => p.key);
    expect(keys.some((k) => k.startsWith('dremio.url (in '))).toBe(true);
    expect(keys.some((k) => k.startsWith('dremio.bogus (in '))).toBe(true);
  });

  it('fails clearly for a missing --config file', () => {
    expect(() => loadConfig({ env: {}, cwd: dir(), configPath: 'nope.yaml' })).toThrow(
      /config file not found/,
    );
  });

  it('masks secrets when describing the effective configuration', () => {
    const loaded = loadConfig({
      env: { DREMIO_PASSWORD: 'pa55word', DATABASE_URL: 'postgres://u:pw123@localhost/db' },
      cwd: dir(),
    });
    const shown = describeConfig(loaded);
    expect(shown.find((s) => s.env === 'DREMIO_PASSWORD')?.value).toBe('****');
    expect(shown.find((s) => s.env === 'DATABASE_URL')?.value).toBe('postgres://u:****@localhost/db');
    expect(JSON.stringify(shown)).not.toMatch(/pa55word|pw123/);
  });
});
