import type { JobContext } from '../../analysis/detector.js';
import type { Finding } from '../../domain/finding.js';
import { formatDuration } from '../../domain/units.js';
import { type BuildContext, type RecommendationDraft, windowDays } from '../draft.js';
import { median, runningMsOf } from '../job-time.js';
import { operatorSharePayoff } from '../payoff.js';
import { quotePath, splitDottedPath } from '../sql-identifier.js';
import { jobsOfFindings } from './finding-jobs.js';
import { majorVersion, physicalTablesOf } from './physical-tables.js';

/**
 * Share of the mis-estimated operator's time a better plan is assumed to win back. Fresh statistics
 * change the join order or the build side only sometimes, so the saving is deliberately modest.
 */
const RECOVERED_SHARE = 0.25;
/** Statistics go stale as data changes: re-run weekly. */
const ANALYZES_PER_DAY = 1 / 7;
/** `ANALYZE TABLE … COMPUTE STATISTICS` entered Dremio's grammar in 24.0 (parserImpls.ftl). */
const FIRST_MAJOR_WITH_ANALYZE = 24;

function timeShareOf(finding: Finding): number {
  const share = finding.evidence.timeShare;
  return typeof share === 'number' ? share : 0;
}

/**
 * row-estimate → per table the mis-planned jobs read: `ANALYZE TABLE … FOR ALL COLUMNS COMPUTE STATISTICS`.
 * A join's estimate needs every side's statistics, so a run reading N tables credits each table's
 * recommendation 1/N of its gain: together they claim it once.
 */
export function buildStatistics(context: BuildContext): RecommendationDraft[] {
  const major = majorVersion(context.settings.cluster.version);
  if (major !== undefined && major < FIRST_MAJOR_WITH_ANALYZE) return [];
  const shareOfJob = new Map<string, number>();
  const byTable = new Map<string, { findings: Finding[]; jobs: Map<string, JobContext> }>();
  for (const finding of context.findings) {
    for (const c of jobsOfFindings(context.snapshot, [finding])) {
      shareOfJob.set(c.job.jobId, Math.max(shareOfJob.get(c.job.jobId) ?? 0, timeShareOf(finding)));
      for (const table of physicalTablesOf(c)) {
        const entry = byTable.get(table) ?? {
          findings: [] as Finding[],
          jobs: new Map<string, JobContext>(),
        };
        if (!entry.findings.includes(finding)) entry.findings.push(finding);
        entry.jobs.set(c.job.jobId, c);
        byTable.set(table, entry);
      }
    }
  }
  const days = windowDays(context.snapshot);
  return [...byTable].map(([table, entry]) => {
    const path = quotePath(splitDottedPath(table));
    const jobs = [...entry.jobs.values()];
    const payoff = operatorSharePayoff({
      jobs,
      days,
      removedShare: (c) =>
        ((shareOfJob.get(c.job.jobId) ?? 0) * RECOVERED_SHARE) / Math.max(1, physicalTablesOf(c).length),
      what:
        `mis-estimated (×${RECOVERED_SHARE} of their time, a better plan's usual gain, ` +
        'shared equally among the tables each run reads)',
    });
    const others = [...new Set(jobs.flatMap((c) => physicalTablesOf(c)))].filter((t) => t !== table);
    const together =
      others.length === 0
        ? ''
        : ` Do the same for ${others.map((t) => quotePath(splitDottedPath(t))).join(', ')}: the join's estimate needs both sides' statistics.`;
    // ANALYZE reads the table's columns once: at least as long as the queries' own scans of it.
    const analyzeMs = median(jobs.map(runningMsOf));
    const worst = entry.findings.reduce((a, b) => (timeShareOf(b) > timeShareOf(a) ? b : a));
    return {
      kind: 'compute-statistics',
      target: { kind: 'dataset', path },
      title: `Compute column statistics for ${path}`,
      sql: `ANALYZE TABLE ${path} FOR ALL COLUMNS COMPUTE STATISTICS`,
      action:
        `Run ANALYZE TABLE ${path} FOR ALL COLUMNS COMPUTE STATISTICS, and again weekly as the data changes: ` +
        `the planner misjudged row counts on ${jobs.length} runs reading it (worst: ${String(worst.evidence.operatorType ?? 'an operator')} ` +
        `estimated ${String(worst.evidence.estimatedRows ?? '?')} rows, saw ${String(worst.evidence.actualRows ?? '?')}). ` +
        `Fresh statistics may change the join order or build side; the gain is uncertain until measured.${together}`,
      findings: entry.findings,
      payoff: { ...payoff, methodConfidence: Math.min(payoff.methodConfidence, 0.4) },
      cost: {
        storageBytes: 0,
        refreshMsPerDay: analyzeMs * ANALYZES_PER_DAY,
        oneOffMs: analyzeMs,
        basis: `one ANALYZE about as long as the median run reading the table (${formatDuration(analyzeMs)}), weekly`,
      },
      risk: {
        level: 'low',
        note: "new statistics can change other queries' plans on this table, for better or worse",
      },
      evidence: {
        table: path,
        runs: jobs.length,
        estimatedRows: typeof worst.evidence.estimatedRows === 'number' ? worst.evidence.estimatedRows : null,
        actualRows: typeof worst.evidence.actualRows === 'number' ? worst.evidence.actualRows : null,
        operatorTimeShare: Math.round(timeShareOf(worst) * 1000) / 1000,
        recoveredShare: RECOVERED_SHARE,
        otherTables: others.join(', '),
      },
    };
  });
}
