import { basename, resolve } from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS } from '../profile/archive-limits.js';
import { type ImportSummary, importFiles } from '../sources/import-service.js';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { createProgress } from './progress.js';
import { withStore } from './with-store.js';

interface ImportCliOptions {
  readonly cluster: string;
  readonly dryRun: boolean;
  readonly format: OutputFormat;
}

export const importCommand: CliCommand = {
  name: 'import',
  register(program, context, setExitCode) {
    program
      .command('import')
      .description(
        'import profiles, support ZIPs, queries.json logs and job-history exports (files or directories)',
      )
      .argument(
        '<paths...>',
        'files or directories (read recursively; .gz, .zip, .tar and .tgz are unpacked)',
      )
      .option('--cluster <name>', 'cluster the imported jobs belong to', 'offline')
      .option('--dry-run', 'read and count everything, write nothing', false)
      .addOption(formatOption())
      .action(async (paths: string[], options: ImportCliOptions) => {
        const summary = await runImport(context, {
          paths: paths.map((p) => resolve(context.io.cwd, p)),
          ...options,
        });
        context.print(options.format === 'json' ? importJson(summary) : importText(summary));
        if (summary.problems.length > 0) setExitCode(EXIT.input);
      });
  },
};

async function runImport(
  context: CliContext,
  options: ImportCliOptions & { paths: string[] },
): Promise<ImportSummary> {
  const config = context.config();
  const progress = createProgress(context.io, 'import');
  try {
    return await withStore(context, { command: 'import' }, (store) =>
      importFiles(store, {
        paths: options.paths,
        clusterName: options.cluster,
        redactSql: config.redactSql,
        storeRawProfiles: config.profiles.storeRaw,
        limits: { ...DEFAULT_ARCHIVE_LIMITS, maxFileBytes: config.profiles.maxFileBytes },
        dryRun: options.dryRun,
        onProgress: (p) =>
          progress.update(
            `${p.filesDone}/${p.filesTotal} files, ${p.jobsRead} jobs, ${p.problems} problems`,
            { ...p },
          ),
      }),
    );
  } finally {
    progress.done();
  }
}

function importText(s: ImportSummary): string {
  const formats = Object.entries(s.documents)
    .filter(([, n]) => n > 0)
    .map(([f, n]) => `${n} ${f}`)
    .join(', ');
  const lines = [
    `${s.dryRun ? 'would import' : 'imported'} into cluster "${s.clusterName}": ${s.files} files (${formats || 'nothing readable'})`,
    `jobs:     ${s.jobs.inserted} new, ${s.jobs.updated} updated, ${s.jobs.unchanged} unchanged`,
    `profiles: ${s.profiles.inserted} new, ${s.profiles.updated} updated, ${s.profiles.unchanged} unchanged`,
    ...(s.datasets > 0 ? [`datasets: ${s.datasets} (columns and format from catalog entries)`] : []),
  ];
  if (s.skipped.length > 0) {
    const shown = s.skipped.slice(0, 5).map((p) => basename(p.where));
    const more = s.skipped.length > shown.length ? `, and ${s.skipped.length - shown.length} more` : '';
    lines.push(
      `skipped ${s.skipped.length} file(s) in the directories that are not Dremio files: ${shown.join(', ')}${more}`,
    );
  }
  if (s.problems.length > 0) {
    lines.push(
      `${s.problems.length} problem${s.problems.length === 1 ? '' : 's'} (skipped; everything else was imported):`,
    );
    for (const p of s.problems) lines.push(`  ${p.where}: ${p.reason}`);
  }
  return lines.join('\n');
}

function importJson(s: ImportSummary): string {
  return JSON.stringify({ ...s, runId: s.runId === null ? null : Number(s.runId) }, null, 2);
}
