import { describe, expect, it } from 'vitest';
import type { Finding } from '../domain/finding.js';
import { renderFindingLines } from './analysis-table.js';
import { stripAnsi } from './ansi.js';

const base: Finding = {
  id: '0123456789abcdef',
  detector: 'small-files',
  severity: 'high',
  confidence: 1,
  title: 'lake.raw.events has 40,000 files under 8 MB',
  subject: { kind: 'dataset', path: 'lake.raw.events' },
  jobIds: [],
  evidence: { thresholds: [] },
  impactMsPerDay: 3_600_000,
};

const LONG_PATH = 'lakehouse.web."partner feeds".sessions_by_day_and_country_and_device_and_campaign_2026';
const WIDTHS = [80, 160] as const;

/** The text of the lines, whitespace removed: what survives wrapping if nothing is cut. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

describe('renderFindingLines', () => {
  it('shows — for a finding that links no jobs, and the count with separators otherwise', () => {
    const none = renderFindingLines([base]).split('\n')[2]!;
    expect(none).toMatch(/^\s+high\s+small-files\s+1\.0 h\s+—\s+lake\.raw\.events has/);
    const many = { ...base, id: 'fedcba9876543210', jobIds: Array.from({ length: 1234 }, (_, i) => `j${i}`) };
    expect(renderFindingLines([many]).split('\n')[2]).toMatch(/1\.0 h\s+1,234\s+lake\.raw\.events has/);
  });

  it.each(WIDTHS)(
    'at %i columns wraps a long title and dataset subject in full, never past the width',
    (width) => {
      const finding: Finding = {
        ...base,
        title: `197 unaccelerated runs aggregate ${LONG_PATH} (14.1 a day)`,
        subject: { kind: 'dataset', path: LONG_PATH },
      };
      const lines = renderFindingLines([finding], { widthColumns: width }).split('\n');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width);
      expect(lines.join('\n')).not.toContain('…');
      const idLine = lines.findIndex((l) => l.trimStart().startsWith(finding.id));
      // The subject starts on the id line and runs to the end: joined, it is the whole path.
      expect(squeeze(lines.slice(idLine).join(' '))).toBe(squeeze(`${finding.id} dataset ${LONG_PATH}`));
      expect(squeeze(lines.slice(2, idLine).join(' '))).toContain(squeeze(finding.title));
    },
  );

  it.each(WIDTHS)(
    'at %i columns keeps a reflection and a fingerprint whole; only sample SQL is cut',
    (width) => {
      const reflection: Finding = {
        ...base,
        id: '1111111111111111',
        detector: 'reflection-unused',
        subject: {
          kind: 'reflection',
          reflectionId: 'r-1',
          name: 'agg_by_day_and_country_x',
          datasetPath: LONG_PATH,
        },
      };
      const sql = `SELECT a, b, c FROM ${LONG_PATH} WHERE ${Array.from({ length: 40 }, (_, i) => `c${i} = ${i}`).join(' AND ')}`;
      const fingerprint: Finding = {
        ...base,
        id: '2222222222222222',
        detector: 'reflection-missing',
        subject: { kind: 'fingerprint', fingerprint: '3fa9c0de11aa22bb', sampleSql: sql },
        impactMsPerDay: 10,
      };
      const text = renderFindingLines([reflection, fingerprint], { widthColumns: width });
      for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
      expect(squeeze(text)).toContain(squeeze(`reflection agg_by_day_and_country_x on ${LONG_PATH}`));
      expect(squeeze(text)).toContain('fp3fa9c0de11aa22bbSELECT');
      // The sample SQL is an illustration: cut visibly, on a word boundary, within one more line.
      const fpLines = text
        .split('\n')
        .slice(text.split('\n').findIndex((l) => l.includes('2222222222222222')));
      expect(fpLines).toHaveLength(2);
      expect(fpLines[1]!.trimEnd().endsWith(' …')).toBe(true);
    },
  );

  it('colours the severity only when asked, and colour does not move the columns', () => {
    const plain = renderFindingLines([base], { widthColumns: 100 });
    const coloured = renderFindingLines([base], { widthColumns: 100, colour: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31mhigh    \u001b[39m');
    expect(stripAnsi(coloured)).toBe(plain);
    const critical = renderFindingLines([{ ...base, severity: 'critical' }], { colour: true });
    expect(critical).toContain('\u001b[31m\u001b[1mcritical\u001b[22m\u001b[39m');
  });
});
