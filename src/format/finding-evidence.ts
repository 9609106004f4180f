import type { ThresholdCrossed } from '../domain/finding.js';
import {
  formatBytes,
  formatCompactCount,
  formatCount,
  formatDuration,
  formatPercent,
} from '../domain/units.js';
import { oneLine } from './finding-text.js';

/**
 * A finding's evidence as text for a person: each value humanised by its key's unit suffix (`queuedMs`
 * → `9.8 min`, `spilledBytes` → `23.6 GiB`, `timeShare` → `65.6%`), then the thresholds crossed, value
 * against rung. The stored evidence and `--format json` keep the exact numbers.
 */
export function evidenceLines(evidence: Readonly<Record<string, unknown>>): string[] {
  const { thresholds, ...rest } = evidence;
  const lines = entryLines(rest, '  ');
  const crossed = Array.isArray(thresholds) ? (thresholds as ThresholdCrossed[]) : [];
  if (crossed.length === 0) return lines;
  const rows = crossed.map((t) => [
    t.quantity,
    byUnit(t.value, t.unit, t.quantity),
    byUnit(t.threshold, t.unit, t.quantity),
    t.severity,
  ]);
  const keyWidth = Math.max(...rows.map((r) => r[0]!.length));
  const valueWidth = Math.max(...rows.map((r) => r[1]!.length));
  return [
    ...lines,
    '  thresholds crossed:',
    ...rows.map(
      ([quantity, value, threshold, severity]) =>
        `    ${quantity!.padEnd(keyWidth)}  ${value!.padStart(valueWidth)}  against ${threshold} → ${severity}`,
    ),
  ];
}

function entryLines(record: Readonly<Record<string, unknown>>, indent: string): string[] {
  const keys = Object.keys(record);
  const keyWidth = Math.max(0, ...keys.map((k) => k.length));
  return keys.flatMap((key) => {
    const value = record[key];
    if (isRecord(value)) return [`${indent}${key}:`, ...entryLines(value, `${indent}  `)];
    if (Array.isArray(value) && value.some(isRecord))
      return [
        `${indent}${key}:`,
        ...value.flatMap((item) =>
          isRecord(item)
            ? entryLines(item, `${indent}    `).map((l, i) => (i === 0 ? `${indent}  - ${l.trimStart()}` : l))
            : [`${indent}  - ${scalar(key, item)}`],
        ),
      ];
    const shown = Array.isArray(value) ? value.map((v) => scalar(key, v)).join(', ') : scalar(key, value);
    return [`${indent}${key.padEnd(keyWidth)}  ${shown}`];
  });
}

/** One value, humanised by the unit its key names. */
function scalar(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'bigint') return /Bytes$/.test(key) ? formatBytes(value) : formatCount(value);
  if (typeof value === 'number') {
    if (/MsPerDay$/.test(key)) return `${formatDuration(value)}/day`;
    if (/Ms$/.test(key)) return formatDuration(value);
    if (/Bytes$/.test(key)) return formatBytes(value);
    if (/Share$/.test(key)) return formatPercent(value, 1);
    return plainNumber(value);
  }
  if (typeof value === 'string') return oneLine(value);
  return String(value);
}

/** A threshold's value or rung in the unit the detector declared for it. */
function byUnit(value: number, unit: string, quantity: string): string {
  switch (unit) {
    case 'ms':
      return formatDuration(value);
    case 'ms/day':
      return `${formatDuration(value)}/day`;
    case 'h':
      return formatDuration(value * 3_600_000);
    case 'bytes':
      return formatBytes(value);
    case 'pairs':
      return `${formatCompactCount(value)} pairs`;
    case 'ratio':
      return /Share$/.test(quantity) ? formatPercent(value, 1) : `${plainNumber(value)}×`;
    default:
      return `${plainNumber(value)} ${unit}`;
  }
}

/** Whole numbers with separators; fractions to two decimals at most. */
function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (Number.isInteger(n) || Math.abs(n) >= 1000) return formatCount(n);
  return String(Number(n.toFixed(2)));
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
