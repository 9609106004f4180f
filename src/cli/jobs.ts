import type { z } from 'zod';
import { getJob, type jobDetailOutput } from '../app/jobs.js';
import { stringifyWire } from '../app/wire-json.js';
import type { ProfileSummary } from '../domain/profile-summary.js';
import { renderProfileSummaryTable } from '../format/profile-summary-table.js';
import { formatBytes, formatCount, formatMs, formatTime } from '../web/format.js';
import type { CliCommand } from './command.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { terminalWidth } from './terminal-width.js';
import { withServices } from './with-store.js';

type JobDetail = z.input<typeof jobDetailOutput>;

const PHASES: readonly [keyof JobDetail['phases'], string][] = [
  ['pendingMs', 'pending'],
  ['metadataRetrievalMs', 'metadata retrieval'],
  ['planningMs', 'planning'],
  ['queuedMs', 'queued'],
  ['engineStartMs', 'engine start'],
  ['executionPlanningMs', 'execution planning'],
  ['startingMs', 'starting'],
  ['runningMs', 'running'],
];

/** `jobs show`: the stored job as the job list shows it, its eight phases, then its profile summary. */
export function renderJobDetail(j: JobDetail, width: number): string {
  const total = j.durationMs ?? PHASES.reduce((s, [k]) => s + (j.phases[k] ?? 0), 0);
  const share = (ms: number | null) =>
    ms === null || total <= 0 ? '' : ` (${Math.round((100 * ms) / total)} %)`.padStart(7);
  const lines = [
    `Job ${j.jobId} on ${j.cluster}: ${j.state ?? 'state unknown'}${j.queryType === null ? '' : `, ${j.queryType}`}${j.userName === null ? '' : `, by ${j.userName}`}`,
    '',
    `  submitted    ${formatTime(j.submittedAt)}${j.finalStateAt === null ? '' : `, ended ${formatTime(j.finalStateAt)}`}`,
    `  duration     ${formatMs(j.durationMs)}${j.attemptCount !== null && j.attemptCount > 1 ? ` over ${j.attemptCount} attempts` : ''}`,
    `  scanned      ${formatCount(j.rowsScanned)} rows, ${formatBytes(j.bytesScanned)}; returned ${formatCount(j.rowsReturned)} rows`,
    `  engine       ${j.engine ?? '—'}, queue ${j.queueName ?? '—'}; accelerated ${j.accelerated === null ? '—' : j.accelerated ? 'yes' : 'no'}`,
    `  datasets     ${j.queriedDatasets.length === 0 ? '—' : j.queriedDatasets.join(', ')}`,
    `  shape        ${j.fingerprint ?? '—'}`,
    ...(j.errorMessage === null ? [] : [`  error        ${j.errorMessage}`]),
    '',
    'Phases',
    ...PHASES.map(
      ([key, label]) => `  ${label.padEnd(20)}${formatMs(j.phases[key]).padStart(10)}${share(j.phases[key])}`,
    ),
    '',
    `SQL${j.sqlRedacted ? ' (literals redacted)' : ''}${j.sqlTruncated ? ' (cut by Dremio)' : ''}`,
    ...(j.sqlText ?? '—').split('\n').map((l) => `  ${l}`),
    '',
  ];
  if (j.profile === null) {
    lines.push(
      'No profile stored for this job: `collect` fetches profiles of the slowest jobs within its budget.',
    );
  } else {
    lines.push(
      `Profile (attempt ${j.profile.attempt}, Dremio ${j.profile.dremioVersion ?? '?'}, ${formatBytes(j.profile.sizeBytes)}, fetched ${formatTime(j.profile.fetchedAt)})`,
      renderProfileSummaryTable(j.profile.summary as ProfileSummary, { widthColumns: width }),
    );
  }
  return lines.join('\n');
}

export const jobsCommand: CliCommand = {
  name: 'jobs',
  register(program, context) {
    const parent = program.command('jobs').description('the stored jobs');
    parent
      .command('show')
      .description('one stored job: phases, scans, SQL and its profile summary when one was fetched')
      .argument('<id>', 'Dremio job id')
      .option('--cluster <name>', 'the cluster (default: the only one)')
      .addOption(formatOption())
      .action(async (jobId: string, flags: { cluster?: string; format: OutputFormat }) => {
        const job = await withServices(context, { command: 'jobs show' }, (deps) =>
          getJob(deps, { jobId, ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }) }),
        );
        context.print(
          flags.format === 'json' ? stringifyWire(job, 2) : renderJobDetail(job, terminalWidth(context.io)),
        );
      });
  },
};
