import { readFileSync } from 'node:fs';
import { gunzipSync, strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DREMIO_SQL_CORPUS } from './dremio-corpus.js';
import { extractSqlFacts } from './facts.js';
import { fastNormalize } from './fast-normalize.js';
import { fingerprintSql } from './fingerprint.js';
import { tokenize } from './lexer.js';
import { normalize } from './normalize.js';
import { redact } from './redact.js';
import { initSqlParser } from './sql-parser.js';

const REAL = new URL('../../test/fixtures/real/', import.meta.url);

function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

function field(record: unknown, key: string): string | undefined {
  const value = (record as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** SQL text from the real Dremio files: queries.json logs, profiles, a support bundle, sys.jobs_recent. */
function realQueries(): string[] {
  const read = (path: string) => readFileSync(new URL(path, REAL));
  const texts: Array<string | undefined> = [];
  // ddc/queries.json lines carry no queryText today; they are read so any added later join the corpus.
  for (const log of ['dqd/queries.json', 'ddc/queries.json']) {
    texts.push(...jsonLines(read(log).toString('utf8')).map((r) => field(r, 'queryText')));
  }
  for (const [, gz] of Object.entries(unzipSync(read('dqd/big-queries.json.zip')))) {
    texts.push(...jsonLines(strFromU8(gunzipSync(gz))).map((r) => field(r, 'queryText')));
  }
  for (const name of ['profile1.json', 'profile2.json', 'profileWithEmptyClientInfo.json']) {
    texts.push(field(JSON.parse(read(`dqd/${name}`).toString('utf8')), 'query'));
  }
  const bundle = unzipSync(read('dqd/testprofile.zip'));
  texts.push(field(JSON.parse(strFromU8(bundle['profile_attempt_0.json']!)), 'query'));
  const jobs = JSON.parse(read('ddc/sys.jobs_recent.json').toString('utf8')) as { rows?: unknown[] };
  texts.push(...(jobs.rows ?? []).map((r) => field(r, 'query')));
  return texts.filter((t): t is string => t !== undefined);
}

beforeAll(async () => {
  await initSqlParser();
});

describe('real Dremio SQL corpus', () => {
  const queries = realQueries();

  it('loads the fixture queries', () => {
    expect(queries.length).toBeGreaterThanOrEqual(50);
    expect(new Set(queries).size).toBeGreaterThanOrEqual(5);
  });

  it('the fast normaliser returns the reference text for every real query, so no fingerprint moves', () => {
    const differ = queries.filter((q) => fastNormalize(q) !== normalize(q));
    expect(differ).toEqual([]);
  });

  it('parses every real query with the AST parser', () => {
    const failed = queries.filter((q) => extractSqlFacts(q).source !== 'parser');
    expect(failed).toEqual([]);
  });

  it('groups the 44 identical queries.json runs under one fingerprint', () => {
    const prints = new Set(
      queries.filter((q) => q.includes('pglocal')).map((q) => fingerprintSql(q).fingerprint),
    );
    expect(prints.size).toBe(1);
  });

  it('reads the weather profile query: quoted path, group-by and aggregates', () => {
    const q = queries.find((x) => x.includes('Maximum_TAVG'))!;
    const f = extractSqlFacts(q);
    const table = 'Samples."samples.dremio.com"."SF weather 2018-2019.csv"';
    expect(f.tables.map((t) => t.name)).toEqual([table]);
    expect(f.groupBy.map((g) => g.column?.name)).toEqual(['DATE', 'ELEVATION']);
    expect(f.aggregates.map((a) => `${a.function}(${a.column?.name})`)).toEqual([
      'MAX(TAVG)',
      'MIN(TMIN)',
      'MAX(TMAX)',
    ]);
    expect(f.groupBy[0]?.column?.table).toBe(table);
  });

  it('sees SELECT * and the sys.jobs LIMIT', () => {
    const f = extractSqlFacts(queries.find((x) => x.includes('sys.jobs'))!);
    expect(f.selectStars).toEqual([{ qualifier: null, tables: ['sys.jobs'] }]);
    expect(f.limitRows).toBe(100000);
    expect(normalize('SELECT * FROM sys.jobs LIMIT 100000')).toBe('SELECT * FROM SYS.JOBS LIMIT ?');
  });
});

describe('Dremio statement corpus', () => {
  for (const c of DREMIO_SQL_CORPUS) {
    it(`${c.name}: facts, fingerprint and redaction hold`, () => {
      const facts = extractSqlFacts(c.sql);
      expect(facts.statementKind).not.toBe('empty');
      const { normalized } = fingerprintSql(c.sql);
      expect(normalize(normalized)).toBe(normalized);
      const strings = tokenize(redact(c.sql)).filter((t) => t.kind === 'string');
      expect(strings.every((t) => t.text === "'***'")).toBe(true);
    });
  }

  it('the parser covers most of it; Dremio-only DDL falls back to tokens', () => {
    const fallbacks = DREMIO_SQL_CORPUS.filter((c) => extractSqlFacts(c.sql).source === 'tokens').map(
      (c) => c.name,
    );
    expect(fallbacks).toEqual([
      'optimize options',
      'aggregate reflection',
      'raw reflection',
      'refresh metadata',
      'vacuum',
      'copy into',
      'refresh reflection',
    ]);
  });
});
