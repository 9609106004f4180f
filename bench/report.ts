/**
 * `npx tsx bench/report.ts [results.json]`: prints the rows of a results file (default
 * bench/results/latest.json) as the Markdown table docs/performance.md carries, details included.
 */
import { readFileSync } from 'node:fs';
import { BENCH_NAMES, type BenchRow } from './bench-row.js';
import { formatRow, TABLE_HEADER } from './format-row.js';
import type { MachineInfo } from './machine.js';

const file = process.argv[2] ?? new URL('./results/latest.json', import.meta.url).pathname;
const results = JSON.parse(readFileSync(file, 'utf8')) as {
  machine: MachineInfo;
  quick: boolean;
  durationS: number;
  rows: BenchRow[];
};
const m = results.machine;
console.log(
  `Machine: ${m.cpuModel}, ${m.cores} cores, ${(m.memoryTotalBytes / 2 ** 30).toFixed(0)} GiB, Node ${m.node}, load average ${m.loadAverage1m.toFixed(1)} at start (${m.startedAt}); ${results.quick ? 'quick' : 'full'} run, ${results.durationS} s.\n`,
);
const rows = [...results.rows].sort((a, b) => BENCH_NAMES.indexOf(a.name) - BENCH_NAMES.indexOf(b.name));
console.log(TABLE_HEADER);
for (const row of rows) console.log(formatRow(row));
console.log('\nDetails:\n');
for (const row of rows) {
  const when =
    row.measuredAt === undefined
      ? ''
      : `measured ${row.measuredAt} at load ${row.loadAverage1m?.toFixed(1)}; `;
  const details = Object.entries(row.details ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(
    `- **${row.name}** (${row.input}): ${when}${details}${row.note === undefined ? '' : `. ${row.note}`}`,
  );
}
