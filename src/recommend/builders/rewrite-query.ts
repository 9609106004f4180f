import type { Dataset } from '../../domain/dataset.js';
import type { Finding } from '../../domain/finding.js';
import { tokenize } from '../../sql/lexer.js';
import { findDataset } from '../dataset-columns.js';
import { type BuildContext, NO_COST, type RecommendationDraft, windowDays } from '../draft.js';
import { quoteIdentifier } from '../sql-identifier.js';

/**
 * Replaces the star of the outermost SELECT (`*` or `q.*`) with the dataset's columns, keeping every
 * other character. Undefined when the first SELECT is not followed by a star.
 */
export function expandStar(sql: string, columns: readonly string[]): string | undefined {
  const tokens = tokenize(sql);
  const significant = tokens
    .map((t, index) => ({ t, index }))
    .filter(({ t }) => t.kind !== 'whitespace' && t.kind !== 'comment');
  const select = significant.findIndex(({ t }) => t.kind === 'keyword' && t.value === 'SELECT');
  if (select < 0 || columns.length === 0) return undefined;
  let at = select + 1;
  if (significant[at]?.t.value === 'DISTINCT' || significant[at]?.t.value === 'ALL') at++;
  const first = significant[at]?.t;
  if (first?.text === '*') return splice(sql, { start: first.start, end: first.end, prefix: '', columns });
  const dot = significant[at + 1]?.t;
  const star = significant[at + 2]?.t;
  if (first !== undefined && dot?.text === '.' && star?.text === '*')
    return splice(sql, { start: first.start, end: star.end, prefix: `${first.text}.`, columns });
  return undefined;
}

function splice(
  sql: string,
  part: { start: number; end: number; prefix: string; columns: readonly string[] },
) {
  const list = part.columns.map((c) => `${part.prefix}${quoteIdentifier(c)}`).join(', ');
  return `${sql.slice(0, part.start)}${list}${sql.slice(part.end)}`;
}

function starDataset(finding: Finding, context: BuildContext): Dataset | undefined {
  if (finding.subject.kind !== 'fingerprint') return undefined;
  const facts = context.snapshot.fingerprints.get(finding.subject.fingerprint)?.facts;
  const table = facts?.selectStars.flatMap((s) => s.tables)[0];
  return table === undefined ? undefined : findDataset(context.snapshot.datasets, table.replaceAll('"', ''));
}

/**
 * select-star → the same query with an explicit column list from the catalog. It reads the same columns
 * today; its value is that the list can be cut to what the client shows, and that new columns do not
 * silently widen every run. The saving stated is the scan time per column that each removed column frees.
 */
export function buildStarRewrites(context: BuildContext): RecommendationDraft[] {
  return context.findings.flatMap((finding) => {
    if (finding.subject.kind !== 'fingerprint' || finding.subject.sampleSql === null) return [];
    const dataset = starDataset(finding, context);
    if (dataset === undefined) return [];
    const sql = expandStar(
      finding.subject.sampleSql,
      dataset.columns.map((c) => c.name),
    );
    if (sql === undefined) return [];
    const scanMs = Number(finding.evidence.scanMs ?? 0);
    const perColumnMsPerDay = scanMs / Math.max(1, dataset.columns.length) / windowDays(context.snapshot);
    return [
      {
        kind: 'rewrite-query',
        target: { kind: 'fingerprint', fingerprint: finding.subject.fingerprint, datasetPath: dataset.path },
        title: `List the columns of ${dataset.path} instead of SELECT *`,
        sql,
        action:
          `Replace SELECT * with the explicit list, then delete the columns the client does not use: each one ` +
          `removed saves about ${Math.round(perColumnMsPerDay)} ms of scan a day.`,
        findings: [finding],
        payoff: {
          savingsMsPerDay: 0,
          method: 'operator-time-share',
          jobIds: finding.jobIds,
          basis: `the full list reads the same ${dataset.columns.length} columns; savings come with each column removed`,
          methodConfidence: 0.5,
        },
        cost: NO_COST,
        risk: { level: 'low', note: 'the same columns in the same order: results do not change' },
        evidence: { tableColumns: dataset.columns.length, scanMs, runs: finding.jobIds.length },
      },
    ];
  });
}
