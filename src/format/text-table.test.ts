import { describe, expect, it } from 'vitest';
import { renderTextTable, wrapText } from './text-table.js';

describe('renderTextTable', () => {
  const columns = [
    { header: 'SEV' },
    { header: 'AT STAKE', align: 'right' as const },
    { header: 'TITLE', wrap: true },
  ];
  const title = '197 unaccelerated runs aggregate lakehouse.web.sessions_by_day_and_country_and_device';
  const rows = [['high', '4.2 h/day', title]];

  it('keeps every line within the width and every word of the wrapping column', () => {
    for (const width of [80, 60, 160]) {
      const out = renderTextTable(columns, rows, width);
      for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
      const text = out
        .split('\n')
        .slice(1)
        .map((l) => l.slice(17))
        .join('');
      expect(text.replace(/\s/g, '')).toBe(title.replace(/\s/g, ''));
    }
    expect(renderTextTable(columns, rows, 160).split('\n')).toHaveLength(2);
    expect(renderTextTable(columns, rows, 60).split('\n').length).toBeGreaterThan(2);
  });

  it('right-aligns and splits a word longer than the column', () => {
    const out = renderTextTable(columns, [['low', '1 s/day', 'x'.repeat(30)]], 40).split('\n');
    expect(out[1]).toMatch(/^low {2}\s+1 s\/day {2}x+$/);
    expect(wrapText('x'.repeat(30), 24)).toEqual(['x'.repeat(24), 'x'.repeat(6)]);
    expect(wrapText('', 10)).toEqual(['']);
  });
});

describe('renderTextTable with colour', () => {
  it('lays out coloured cells by what the terminal shows, not by their escape codes', () => {
    const columns = [{ header: 'SEV' }, { header: 'TITLE', wrap: true }];
    const red = '\u001b[31mhigh\u001b[39m';
    const coloured = renderTextTable(columns, [[red, 'a title that wraps at forty']], 40);
    const plain = renderTextTable(columns, [['high', 'a title that wraps at forty']], 40);
    expect(coloured.replaceAll(red, 'high')).toBe(plain);
  });

  it('breaks a word longer than the column after a dot, keeping every character', () => {
    const path = 'lakehouse.web.sessions_by_day_and_country_and_device';
    const lines = wrapText(`dataset ${path}`, 30);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
    expect(lines[0]).toBe('dataset lakehouse.web.');
    expect(lines.join('')).toBe(`dataset ${path}`);
  });
});
