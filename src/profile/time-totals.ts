import type { ProfileSummary } from '../domain/profile-summary.js';
import { operatorTotalNanos, stateSharesPercent } from '../domain/profile-time.js';

/**
 * Adds the time fields derived from others: each operator's and scan's setup + process + wait, the
 * profile's setup, wait and operator totals, and each state's share of the query's time. Runs on a
 * summary already made plausible, so a total is the sum of exactly the parts the summary shows.
 */
export function withTimeTotals(summary: ProfileSummary): ProfileSummary {
  const operators = summary.operators.map((op) => ({ ...op, totalNanos: operatorTotalNanos(op) }));
  const byKey = new Map(operators.map((op) => [op.key, op]));
  const scans = summary.scans.map((scan) => {
    const op = byKey.get(scan.key);
    const setupNanos = op?.setupNanos.sum ?? 0;
    return { ...scan, setupNanos, totalNanos: setupNanos + scan.processNanos + scan.waitNanos };
  });
  const sum = (part: (op: (typeof operators)[number]) => number) =>
    operators.reduce((total, op) => total + part(op), 0);
  return {
    ...summary,
    stateSharesPercent: stateSharesPercent(summary.stateDurationsMs),
    totalSetupNanos: sum((op) => op.setupNanos.sum),
    totalWaitNanos: sum((op) => op.waitNanos.sum),
    totalOperatorNanos: sum((op) => op.totalNanos),
    operators,
    scans,
  };
}
