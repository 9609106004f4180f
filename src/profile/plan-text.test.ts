import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAttributes, parsePlanLineAttributes, parsePlanText } from './plan-text.js';

const PROFILE1 = new URL('../../test/fixtures/real/dqd/profile1.json', import.meta.url);

describe('parsePlanText', () => {
  it('reads every operator line of a real 21.6 plan', () => {
    const plan = (JSON.parse(readFileSync(PROFILE1, 'utf8')) as { plan: string }).plan;
    const nodes = parsePlanText(plan);
    expect(nodes.map((n) => `${n.key} ${n.name}`)).toEqual([
      '00-00 Screen',
      '00-01 Project',
      '00-02 WriterCommitter',
      '00-03 Writer',
      '00-04 Project',
      '00-05 Project',
      '00-06 HashAgg',
      '00-07 Project',
      '00-08 EasyScan',
    ]);
    const scan = nodes.at(-1);
    expect(scan?.rowCount).toBe(5288);
    expect(scan?.parentKey).toBe('00-07');
    expect(scan?.depth).toBe(8);
    expect(scan?.attributes).toEqual({
      table: 'Samples."samples.dremio.com"."SF weather 2018-2019.csv"',
      columns: '`ELEVATION`, `DATE`, `TAVG`, `TMAX`, `TMIN`',
      splits: '1',
    });
    expect(nodes[6]?.rowCount).toBeCloseTo(1004.72, 2);
    expect(nodes[6]?.attributes.group).toBe('{0, 1}');
  });

  it('links join inputs across fragments and keeps sibling order', () => {
    const plan = [
      '00-00    Screen : rowType = RecordType(INTEGER a): rowcount = 10.0, cumulative cost = {1}, id = 9',
      '00-01      UnionExchange : rowType = RecordType(INTEGER a): rowcount = 10.0, cumulative cost = {1}, id = 8',
      '01-01        HashJoin(condition=[=($0, $1)], joinType=[inner], extraCondition=[null]) : rowType = RecordType(INTEGER a): rowcount = 10.0, cumulative cost = {1}, id = 7',
      '01-02          TableFunction(filters=[[Filter on `x`: equal(`x`, 1) ]], columns=[`a`], Table Function Type=[DATA_FILE_SCAN], table=[s.t]) : rowType = RecordType(INTEGER a): rowcount = 100.0, cumulative cost = {1}, id = 6',
      '01-03          BroadcastExchange : rowType = RecordType(INTEGER b): rowcount = 5.0, cumulative cost = {1}, id = 5',
      '02-01            IcebergManifestList(table=[s.t], ManifestList Filter Expression =[ref(name="d") == 1]) : rowType = RecordType(INTEGER b): rowcount = 5.0E0, cumulative cost = {1}, id = 4',
      'garbage line that is not an operator',
    ].join('\n');
    const nodes = parsePlanText(plan);
    const byKey = new Map(nodes.map((n) => [n.key, n]));
    expect(byKey.get('01-01')?.parentKey).toBe('00-01');
    expect(byKey.get('01-01')?.childKeys).toEqual(['01-02', '01-03']);
    expect(byKey.get('01-01')?.attributes).toMatchObject({ condition: '=($0, $1)', joinType: 'inner' });
    expect(byKey.get('01-02')?.attributes['Table Function Type']).toBe('DATA_FILE_SCAN');
    expect(byKey.get('02-01')?.attributes['ManifestList Filter Expression']).toBe('ref(name="d") == 1');
    expect(byKey.get('02-01')?.rowCount).toBe(5);
    expect(nodes).toHaveLength(6);
  });

  const odd = [
    { name: 'empty text', text: '' },
    { name: 'unclosed attribute list', text: '00-00  Scan(table=[a, columns=[b] : rowcount = 3.0' },
    { name: 'no rowcount', text: '00-00  Screen' },
    { name: 'prototype-looking attribute', text: '00-00  Scan(__proto__=[x], constructor=[y])' },
  ] as const;
  for (const c of odd) {
    it(`does not throw on ${c.name}`, () => {
      expect(() => parsePlanText(c.text)).not.toThrow();
    });
  }

  it('reads attributes of logical plan lines without an MM-OO prefix', () => {
    const lines = parsePlanLineAttributes(
      'AggregateRel(group=[{0}])\n  FilesystemScanDrel(table=[s.t], partitionFilters=[=($1, 2)], splits=[3])\nnot a node',
    );
    expect(lines).toEqual([
      { name: 'AggregateRel', attributes: { group: '{0}' } },
      { name: 'FilesystemScanDrel', attributes: { table: 's.t', partitionFilters: '=($1, 2)', splits: '3' } },
    ]);
  });

  it('keeps attribute names that look like Object.prototype members as plain data', () => {
    const attributes = parseAttributes('constructor=[y], toString=[z]');
    expect(attributes.constructor).toBe('y');
    expect(Object.keys(attributes)).toEqual(['constructor', 'toString']);
  });
});
