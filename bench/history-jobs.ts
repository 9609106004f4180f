import type { JobRecord } from '../src/domain/job.js';
import { createWorld, SIMULATOR_DEFAULTS } from '../src/simulator/index.js';
import { jobFromHistoryRow } from '../src/sources/history-row.js';
import { finishJob } from '../src/sql/finish-job.js';

const HISTORY_TABLE = 'sys.jobs_recent';

/**
 * Job records exactly as the history stage builds them (a `sys.jobs_recent` row → draft → fingerprint),
 * from the simulator's history (seed 1, default flavor) of `count` jobs.
 */
export function historyJobs(count: number): JobRecord[] {
  const world = createWorld({ ...SIMULATOR_DEFAULTS, jobs: count });
  const table = world.table(HISTORY_TABLE);
  if (table === undefined) throw new Error(`the simulator has no ${HISTORY_TABLE} table`);
  const jobs: JobRecord[] = [];
  for (const row of table.scan([])) {
    const mapped = jobFromHistoryRow(row, { source: 'live', sourceRef: HISTORY_TABLE });
    if (!mapped.ok) throw new Error(`simulated history row did not map: ${mapped.reason}`);
    jobs.push(finishJob(mapped.job, { redactSql: false }));
  }
  return jobs;
}
