/** Scan filters the templates share, with selectivities that match the tables' partitioning. */
import type { ScanFilter } from '../plan/scan-chain.js';
import { dateDaysBefore, tsDaysBefore } from './template.js';

/** `column >= <midnight N days ago>` over a table holding `spanDays` of data. */
export function lastDays(column: string, atMs: number, days: number, spanDays: number): ScanFilter {
  return { column, op: '>=', literal: tsDaysBefore(atMs, days), selectivity: Math.min(1, days / spanDays) };
}

export function onDate(column: string, atMs: number, daysAgo: number, spanDays: number): ScanFilter {
  return { column, op: '=', literal: `'${dateDaysBefore(atMs, daysAgo)}'`, selectivity: 1 / spanDays };
}

export function equals(column: string, literal: string, selectivity: number): ScanFilter {
  return { column, op: '=', literal, selectivity };
}

export function like(column: string, pattern: string, selectivity: number): ScanFilter {
  return { column, op: 'LIKE', literal: `'${pattern}'`, selectivity };
}
