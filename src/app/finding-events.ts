import type { FindingsSaved } from '../domain/findings-saved.js';
import type { Logger } from '../log/index.js';

/** Ids listed on one event line; the count says how many there were in all. */
const MOST_IDS = 50;

/**
 * The log events of an analysis' findings: `finding.opened` (seen for the first time) and
 * `finding.resolved` (open before, not seen again), one line each per analysis that has any, so a
 * first analysis of a busy cluster does not print a line per finding.
 */
export function logFindingEvents(logger: Pick<Logger, 'info'>): (saved: FindingsSaved) => void {
  return (saved) => {
    const lines = [
      ['finding.opened', saved.openedIds, 'opened'],
      ['finding.resolved', saved.resolvedIds, 'resolved'],
    ] as const;
    for (const [event, ids, verb] of lines) {
      if (ids.length === 0) continue;
      logger.info(
        { event, cluster: saved.clusterName, count: ids.length, findings: ids.slice(0, MOST_IDS) },
        `${ids.length} finding${ids.length === 1 ? '' : 's'} ${verb}`,
      );
    }
  };
}
