import { formatDecimalBytes } from '../domain/units.js';
import { describeImpact } from './finding-text.js';

/** One row of the reflection ledger as the `reflections.ledger` service returns it. */
export interface LedgerRow {
  readonly reflectionId: string;
  readonly name: string | null;
  readonly datasetPath: string | null;
  readonly refreshMsPerDay: number;
  readonly footprintBytes: number | null;
  readonly chosenJobs: number;
  readonly savedMsPerDay: number | null;
  readonly netMsPerDay: number | null;
  readonly savingBasis: string;
  readonly verdict: string;
  readonly reason: string;
}

export interface LedgerView {
  readonly cluster: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly items: readonly LedgerRow[];
}

/**
 * The ledger as a table: each reflection's verdict, what its refreshes cost a day, what it holds, the
 * time it saves (or `unmeasured`) and the net, then its reason on the next line.
 */
export function renderLedgerTable(view: LedgerView): string {
  if (view.items.length === 0) return `no reflections in ${view.cluster}`;
  const header = [
    'VERDICT',
    'REFLECTION',
    'DATASET',
    'REFRESH/DAY',
    'SIZE',
    'CHOSEN',
    'SAVED/DAY',
    'NET/DAY',
  ];
  const rows = view.items.map((r) => [
    r.verdict,
    r.name ?? r.reflectionId,
    r.datasetPath ?? '—',
    describeImpact(r.refreshMsPerDay),
    r.footprintBytes === null ? '?' : formatDecimalBytes(r.footprintBytes),
    String(r.chosenJobs),
    r.savedMsPerDay === null ? 'unmeasured' : describeImpact(r.savedMsPerDay),
    r.netMsPerDay === null ? '—' : signed(r.netMsPerDay),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const body = rows.flatMap((row, i) => [line(row), `  ${view.items[i]!.reason}`]);
  const window = view.from === null ? 'no jobs stored' : `jobs ${view.from} → ${view.to}`;
  return [`Reflection ledger of ${view.cluster} (${window})`, line(header), ...body].join('\n');
}

function signed(ms: number): string {
  return ms < 0 ? `−${describeImpact(-ms)}` : describeImpact(ms);
}
