/**
 * The system tables each flavor exposes, by the lower-case name a query uses. Software flavors get
 * `sys.*`, Cloud gets `sys.project.*`; neither sees the other's names.
 */
import type { FlavorSpec } from '../../flavor.js';
import type { SimTable } from '../../world.js';
import { jobAsOf } from '../job-as-of.js';
import { cloudHistoryVisible, cloudRowDuplicated } from './cloud-history.js';
import { informationSchemaTables } from './information-schema.js';
import { cloudJobColumns, softwareJobColumns } from './job-columns.js';
import { cloudJobRow, softwareJobRow } from './job-rows.js';
import type { JobSource } from './jobs-table.js';
import { activeJobsTable, jobsTable } from './jobs-table.js';
import type { ReflectionTableSource } from './reflection-tables.js';
import { reflectionTables } from './reflection-tables.js';
import { versionTable } from './version-table.js';

export function systemTables(options: {
  readonly flavor: FlavorSpec;
  readonly jobs: JobSource & { lastSubmittedMs(): number };
  readonly endAtMs: number;
  readonly reflections: ReflectionTableSource;
  /** The simulator's now; history is rendered as of it. */
  readonly nowMs: () => number;
}): Map<string, SimTable> {
  const { flavor, jobs } = options;
  const tables: SimTable[] = [];
  if (flavor.kind === 'cloud') {
    const columns = cloudJobColumns();
    tables.push(
      jobsTable({
        name: 'sys.project.history.jobs',
        columns,
        epochColumn: 'submitted_epoch',
        unitsPerMs: 1_000_000,
        source: jobs,
        row: (job) => cloudJobRow(job, { isView: (path) => options.reflections.state.views.has(path) }),
        lagging: {
          nowMs: () => Math.min(options.nowMs(), Math.max(options.endAtMs, jobs.lastSubmittedMs())),
          visible: cloudHistoryVisible,
          duplicated: (job) => cloudRowDuplicated(job.jobId),
        },
      }),
      activeJobsTable('sys.project.jobs', columns),
    );
  } else {
    const columns = softwareJobColumns(flavor.flavor);
    if (flavor.historyTable === 'sys.jobs_recent')
      tables.push(
        jobsTable({
          name: 'sys.jobs_recent',
          columns,
          epochColumn: 'submitted_epoch_millis',
          unitsPerMs: 1,
          source: jobs,
          row: (job, nowMs) => {
            const seen = jobAsOf(job, nowMs);
            const row = softwareJobRow(seen.job, flavor.flavor);
            return seen.running ? { ...row, status: seen.state } : row;
          },
          nowMs: options.nowMs,
        }),
      );
    tables.push(activeJobsTable('sys.jobs', columns), versionTable(flavor));
  }
  tables.push(
    ...reflectionTables(flavor, options.reflections),
    ...informationSchemaTables(options.reflections.state),
  );
  return new Map(tables.map((t) => [t.name, t]));
}
