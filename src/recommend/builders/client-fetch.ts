import { formatCompactCount, formatDuration } from '../../domain/units.js';
import type { BuildContext, RecommendationDraft } from '../draft.js';
import { NO_COST } from '../draft.js';
import { numberOf, stringOf } from '../rewrite/evidence-value.js';
import { targetOf } from '../rewrite/finding-target.js';

/**
 * The share of the client wait a larger fetch size or a result limit is expected to remove: the wait is
 * round trips plus the client's own processing, and only the round trips go. Half, with low confidence,
 * until measured changes of this kind replace it.
 */
export const CLIENT_WAIT_REMOVED_SHARE = 0.5;
/** More rows than a person reads: a LIMIT (or a server-side aggregate) is the better change. */
export const READABLE_ROWS = 10_000;

function actionOf(client: string, rows: number | null, waitMs: number): string {
  const read = rows === null ? 'its results' : `${formatCompactCount(rows)} rows`;
  const base = `${client} took ${formatDuration(waitMs)} to read ${read} after Dremio had finished.`;
  if (rows !== null && rows > READABLE_ROWS)
    return (
      `${base} Add a LIMIT (or aggregate on the server) if it shows only the first rows; otherwise raise its ` +
      'fetch size (JDBC Statement.setFetchSize, ODBC/Arrow Flight batch size) and read the results without pausing.'
    );
  return `${base} Raise its fetch size (JDBC Statement.setFetchSize, ODBC/Arrow Flight batch size) and read the results without pausing between batches.`;
}

/**
 * client-blocking → a change on the client (no SQL): the client named from the job record, the rows it
 * read and how long Dremio held the results for it. The saving is a share of the blocked phase.
 */
export function buildClientFetchChanges(context: BuildContext): RecommendationDraft[] {
  return context.findings.map((finding) => {
    const e = finding.evidence;
    const client = stringOf(e.client) ?? 'the client';
    const queryType = stringOf(e.queryType);
    const rows = numberOf(e.rowsReturned);
    const waitMs = numberOf(e.blockedOnClientMs) ?? 0;
    const savingsMsPerDay = finding.impactMsPerDay * CLIENT_WAIT_REMOVED_SHARE;
    return {
      kind: 'adjust-client',
      target: targetOf(finding),
      title: `Let ${client} fetch its results faster`,
      sql: null,
      action: actionOf(client, rows, waitMs),
      findings: [finding],
      payoff: {
        savingsMsPerDay,
        method: 'phase-time',
        jobIds: finding.jobIds,
        basis:
          `${CLIENT_WAIT_REMOVED_SHARE * 100}% of the ${formatDuration(finding.impactMsPerDay)} a day the results ` +
          'waited on the client (round trips removed, the client’s own processing kept)',
        methodConfidence: 0.4,
      },
      cost: NO_COST,
      risk: {
        level: rows !== null && rows > READABLE_ROWS ? 'medium' : 'low',
        note:
          'a larger fetch size uses more client memory; a LIMIT drops rows a consumer may still need, so check ' +
          'what the client shows first',
      },
      evidence: {
        client,
        queryType,
        rowsReturned: rows,
        bytesReturned: numberOf(e.bytesReturned),
        blockedOnClientMs: waitMs,
        durationMs: numberOf(e.durationMs),
        clientWaitShare: numberOf(e.timeShare),
        runs: finding.jobIds.length,
      },
    };
  });
}
