import type { Dataset } from '../../domain/dataset.js';
import type { Finding } from '../../domain/finding.js';
import { formatDuration } from '../../domain/units.js';
import { tokenize } from '../../sql/lexer.js';
import { belongsTo, catalogColumn, findDataset } from '../dataset-columns.js';
import { type BuildContext, NO_COST, type RecommendationDraft } from '../draft.js';
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
  // A star over several relations also stands for the other tables' columns: listing one table's would drop them.
  if (facts?.selectStars.length !== 1 || facts.selectStars[0]!.tables.length !== 1) return undefined;
  const table = facts.selectStars[0]!.tables[0];
  return table === undefined ? undefined : findDataset(context.snapshot.datasets, table.replaceAll('"', ''));
}

/** The client and user of every run of the finding's fingerprint. */
function consumersOf(finding: Finding, context: BuildContext): { clients: Set<string>; users: Set<string> } {
  const ids = new Set(finding.jobIds);
  const runs = context.snapshot.jobs.filter((c) => ids.has(c.job.jobId));
  return {
    clients: new Set(runs.flatMap((c) => (c.job.client === null ? [] : [c.job.client]))),
    users: new Set(runs.flatMap((c) => (c.job.userName === null ? [] : [c.job.userName]))),
  };
}

/**
 * The dataset's columns that the same consumers' other queries read (a client and user both among
 * the star query's; the user alone when no client is recorded), in catalog order: what the dashboard or notebook behind the star shows.
 */
export function columnsUsedByConsumers(finding: Finding, context: BuildContext, dataset: Dataset): string[] {
  const { clients, users } = consumersOf(finding, context);
  const self = finding.subject.kind === 'fingerprint' ? finding.subject.fingerprint : null;
  const used = new Set<string>();
  for (const group of context.snapshot.fingerprints.values()) {
    const facts = group.facts;
    if (group.fingerprint === self || facts === undefined || facts.selectStars.length > 0) continue;
    const sameConsumer = group.jobs.some(
      // History without a client column leaves the user alone as the consumer.
      (c) =>
        (clients.size === 0 || (c.job.client !== null && clients.has(c.job.client))) &&
        c.job.userName !== null &&
        users.has(c.job.userName),
    );
    if (!sameConsumer) continue;
    for (const ref of Object.values(facts.columns).flat())
      if (belongsTo(ref, facts, dataset.path)) {
        const name = catalogColumn(dataset, ref.name);
        if (name !== undefined) used.add(name.toLowerCase());
      }
  }
  return dataset.columns.map((c) => c.name).filter((name) => used.has(name.toLowerCase()));
}

function consumerText(finding: Finding, context: BuildContext): string {
  const { clients, users } = consumersOf(finding, context);
  // History without a client column names the users alone; "client unknown" tells a reader nothing.
  const userText =
    users.size === 0 ? '' : `${users.size === 1 ? 'user' : 'users'} ${[...users].sort().join(', ')}`;
  if (clients.size === 0) return userText === '' ? 'its users' : userText;
  const clientText = `${clients.size === 1 ? 'client' : 'clients'} ${[...clients].sort().join(', ')}`;
  return userText === '' ? clientText : `${clientText} (${userText})`;
}

interface StarDraftParts {
  readonly finding: Finding;
  readonly context: BuildContext;
  readonly dataset: Dataset;
  readonly used: readonly string[];
  readonly sql: string | undefined;
}

function starDraft(parts: StarDraftParts): RecommendationDraft {
  const { finding, context, dataset, used, sql } = parts;
  const width = Number(finding.evidence.columnsRead ?? dataset.columns.length) || dataset.columns.length;
  const removed = sql === undefined ? 0 : Math.max(0, width - used.length);
  const share = width > 0 ? removed / width : 0;
  const consumer = consumerText(finding, context);
  const common = {
    target: {
      kind: 'fingerprint',
      fingerprint: finding.subject.kind === 'fingerprint' ? finding.subject.fingerprint : finding.id,
      datasetPath: dataset.path,
    } as const,
    findings: [finding],
    cost: NO_COST,
    evidence: {
      tableColumns: dataset.columns.length,
      columnsRead: width,
      columnsUsedByConsumer: used.length,
      usedColumns: used.join(', '),
      consumer,
      scanMsPerDay: finding.impactMsPerDay,
      runs: finding.jobIds.length,
    },
  };
  if (sql !== undefined)
    return {
      ...common,
      kind: 'rewrite-query',
      title: `Read the ${used.length} columns ${consumer} uses from ${dataset.path} instead of SELECT *`,
      sql,
      action:
        `Replace SELECT * with the ${used.length} columns this consumer's other queries on ${dataset.path} read; ` +
        `the scan stops reading the other ${removed}.`,
      payoff: {
        savingsMsPerDay: finding.impactMsPerDay * share,
        method: 'operator-time-share',
        jobIds: finding.jobIds,
        basis: `${removed} of ${width} columns no longer read: that share of the scan's ${formatDuration(finding.impactMsPerDay)} a day (columns weighed equally)`,
        methodConfidence: 0.5,
      },
      risk: {
        level: 'medium',
        note: 'a consumer that reads a column none of its other queries name loses it; check the client first',
      },
    };
  return {
    ...common,
    kind: 'adjust-client',
    title: `Name the columns ${consumer} needs from ${dataset.path}`,
    sql: null,
    action:
      `SELECT * reads ${width} columns of ${dataset.path}, and no other query of ${consumer} says which it ` +
      'uses, so no rewrite is safe: list the columns the client shows in its query, and the scan reads only those.',
    payoff: {
      savingsMsPerDay: finding.impactMsPerDay * STAR_ADVICE_SHARE,
      method: 'operator-time-share',
      jobIds: finding.jobIds,
      basis: `${STAR_ADVICE_SHARE * 100}% of the scan's ${formatDuration(finding.impactMsPerDay)} a day, assuming the client shows half the columns`,
      methodConfidence: 0.25,
    },
    risk: { level: 'low', note: 'a change the client owner makes; nothing changes in Dremio' },
  };
}

/** Share of the scan credited to listing columns when we cannot know which: a guess, held at low confidence. */
export const STAR_ADVICE_SHARE = 0.5;

/**
 * select-star → the same query reading only the columns its consumer (same client and user) reads in
 * its other queries of the table; without such queries, advice to the client with no SQL.
 */
export function buildStarRewrites(context: BuildContext): RecommendationDraft[] {
  return context.findings.flatMap((finding) => {
    if (finding.subject.kind !== 'fingerprint' || finding.subject.sampleSql === null) return [];
    const dataset = starDataset(finding, context);
    if (dataset === undefined) return [];
    const used = columnsUsedByConsumers(finding, context, dataset);
    const sql =
      used.length > 0 && used.length < dataset.columns.length
        ? expandStar(finding.subject.sampleSql, used)
        : undefined;
    return [starDraft({ finding, context, dataset, used: sql === undefined ? [] : used, sql })];
  });
}
