import type { BenchRow } from './bench-row.js';

function figure(value: number | null): string {
  if (value === null) return '—';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function verdict(row: BenchRow): string {
  if (row.error !== undefined) return row.skipped === true ? 'SKIPPED' : 'COULD NOT RUN';
  if (row.met === null) return 'no goal';
  const sign = row.direction === 'higher' ? '≥' : '<';
  const on = row.goalOn === 'ratio' ? `ratio ${sign} ${row.goal}×` : `${sign} ${row.goal} ${row.unit}`;
  return `${row.met ? 'met' : 'NOT MET'} (${on})`;
}

export const TABLE_HEADER =
  '| name | input | ours | reference | unit | ratio | goal |\n|---|---|---|---|---|---|---|';

/** One Markdown table line: pasteable into docs/performance.md as it is. */
export function formatRow(row: BenchRow): string {
  const ratio = row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`;
  const cells = [
    row.name,
    row.input,
    figure(row.ours),
    row.reference === null ? '—' : `${figure(row.reference)} (${row.referenceName})`,
    row.unit,
    ratio,
    verdict(row),
  ];
  const line = `| ${cells.join(' | ')} |`;
  return row.error === undefined ? line : `${line}\n  ↳ ${row.error}`;
}
