import { describe, expect, it } from 'vitest';
import { findingId } from '../../src/analysis/finding-id.js';
import { matchWaiver, parseWaiverTarget } from '../../src/analysis/waiver-match.js';
import type { Finding, FindingSubject } from '../../src/domain/finding.js';
import { InvalidInputError } from '../../src/errors.js';

function finding(detector: Finding['detector'], subject: FindingSubject): Finding {
  return {
    id: findingId(detector, subject),
    detector,
    severity: 'high',
    confidence: 1,
    title: 't',
    subject,
    jobIds: [],
    evidence: { thresholds: [] },
    impactMsPerDay: 1,
  };
}

const smallFiles = finding('small-files', { kind: 'dataset', path: 'lake.raw.events' });
const spill = finding('spill', { kind: 'fingerprint', fingerprint: 'ab12cd', sampleSql: null });

describe('parseWaiverTarget', () => {
  const valid = [
    { name: 'a finding id', text: smallFiles.id, expected: { kind: 'finding', findingId: smallFiles.id } },
    {
      name: 'a detector and a glob',
      text: 'small-files:lake.raw.*',
      expected: { kind: 'pattern', detector: 'small-files', pattern: 'lake.raw.*' },
    },
    {
      name: 'any detector, a prefixed key',
      text: '*:dataset:lake.raw.events',
      expected: { kind: 'pattern', detector: '*', pattern: 'dataset:lake.raw.events' },
    },
  ];
  it.each(valid)('reads $name', ({ text, expected }) => {
    expect(parseWaiverTarget(text)).toEqual(expected);
  });

  const invalid = [
    { name: 'an unknown detector', text: 'spil:*' },
    { name: 'an empty pattern', text: 'spill:' },
    { name: 'a short id', text: 'abc123' },
    { name: 'nothing', text: '' },
  ];
  it.each(invalid)('rejects $name with an input error that says what to give', ({ text }) => {
    expect(() => parseWaiverTarget(text)).toThrow(InvalidInputError);
    expect(() => parseWaiverTarget(text)).toThrow(/cannot read waiver target/);
  });
});

describe('matchWaiver', () => {
  const rule = (r: { findingId?: string; detector?: string; pattern?: string }) => ({
    findingId: r.findingId ?? null,
    detector: r.detector ?? null,
    pattern: r.pattern ?? null,
  });

  it('matches a reflection by its name or its dataset, as the report shows them, not only by its id', () => {
    const unused = finding('reflection-unused', {
      kind: 'reflection',
      reflectionId: '5f0e2c8a-1b3d-4e6f-9a7c-2d4b6e8f0a1c',
      name: 'orders_agg',
      datasetPath: 'lake.sales.orders',
    });
    const hides = (detector: string, pattern: string) =>
      matchWaiver(unused, [rule({ detector, pattern })]) !== undefined;
    expect(hides('reflection-unused', 'orders_agg')).toBe(true);
    expect(hides('reflection-unused', 'reflection:orders_*')).toBe(true);
    expect(hides('*', 'lake.sales.*')).toBe(true);
    expect(hides('reflection-unused', 'dataset:lake.sales.orders')).toBe(true);
    expect(hides('reflection-unused', '5f0e2c8a-*')).toBe(true);
    expect(hides('reflection-unused', 'customers_agg')).toBe(false);
    expect(hides('reflection-failing', 'orders_agg')).toBe(false);
    // A dataset pattern still never hides a finding about another kind of subject by accident.
    expect(matchWaiver(spill, [rule({ detector: '*', pattern: 'lake.sales.*' })])).toBeUndefined();
  });
  const cases = [
    { name: 'the same id', rule: rule({ findingId: smallFiles.id }), finding: smallFiles, hides: true },
    { name: 'another id', rule: rule({ findingId: spill.id }), finding: smallFiles, hides: false },
    {
      name: 'a glob on the bare subject',
      rule: rule({ detector: 'small-files', pattern: 'lake.raw.*' }),
      finding: smallFiles,
      hides: true,
    },
    {
      name: 'a glob on the prefixed key',
      rule: rule({ detector: 'small-files', pattern: 'dataset:lake.*.events' }),
      finding: smallFiles,
      hides: true,
    },
    {
      name: 'the right glob for another detector',
      rule: rule({ detector: 'spill', pattern: 'lake.raw.*' }),
      finding: smallFiles,
      hides: false,
    },
    { name: 'any detector', rule: rule({ detector: '*', pattern: 'ab??cd' }), finding: spill, hides: true },
    {
      name: 'a glob whose dots are literal',
      rule: rule({ detector: 'small-files', pattern: 'lake.raw' }),
      finding: finding('small-files', { kind: 'dataset', path: 'lakeXraw' }),
      hides: false,
    },
    {
      name: 'a partial match (globs are anchored)',
      rule: rule({ detector: 'small-files', pattern: 'raw' }),
      finding: smallFiles,
      hides: false,
    },
  ];
  it.each(cases)('$name → hides: $hides', ({ rule: r, finding: f, hides }) => {
    expect(matchWaiver(f, [r]) !== undefined).toBe(hides);
  });
});

describe('findingId', () => {
  it('is stable and depends on the detector and the subject only', () => {
    const subject: FindingSubject = { kind: 'dataset', path: 'a.b' };
    expect(findingId('small-files', subject)).toBe(findingId('small-files', { ...subject }));
    expect(findingId('small-files', subject)).toMatch(/^[0-9a-f]{16}$/);
    expect(findingId('small-files', subject)).not.toBe(findingId('select-star', subject));
    expect(findingId('small-files', subject)).not.toBe(
      findingId('small-files', { kind: 'dataset', path: 'a.c' }),
    );
    // A fingerprint's sample SQL is description, not identity.
    const fp = (sampleSql: string | null): FindingSubject => ({
      kind: 'fingerprint',
      fingerprint: 'f',
      sampleSql,
    });
    expect(findingId('spill', fp('SELECT 1'))).toBe(findingId('spill', fp(null)));
  });
});
