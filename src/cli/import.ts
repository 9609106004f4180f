import { basename, resolve } from 'node:path';
import { type ImportOutput, importData } from '../app/import.js';
import { stringifyWire } from '../app/wire-json.js';
import type { DocumentFormat } from '../sources/offline/detect-format.js';
import type { CliCommand } from './command.js';
import { EXIT } from './exit-codes.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { withServices } from './with-store.js';

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
        const summary = await withServices(context, { command: 'import', progress: 'import' }, (deps) =>
          importData(deps, {
            paths: paths.map((p) => resolve(context.io.cwd, p)),
            cluster: options.cluster,
            dryRun: options.dryRun,
          }),
        );
        context.print(options.format === 'json' ? stringifyWire(summary, 2) : importText(summary));
        if (summary.problems.length > 0) setExitCode(EXIT.input);
      });
  },
};

// What each kind of document is called in the summary (singular, plural).
const FORMAT_NAMES: Readonly<Record<DocumentFormat, readonly [string, string]>> = {
  profile: ['profile', 'profiles'],
  'support-header': ['support header', 'support headers'],
  'jobs-results': ['job-history export', 'job-history exports'],
  'queries-json': ['queries.json log', 'queries.json logs'],
  'history-ndjson': ['job-history NDJSON file', 'job-history NDJSON files'],
  'catalog-entity': ['catalog entry', 'catalog entries'],
  unknown: ['unrecognised document', 'unrecognised documents'],
};

function count(n: number, [one, many]: readonly [string, string]): string {
  return `${n} ${n === 1 ? one : many}`;
}

function importText(s: ImportOutput): string {
  // A file is what was named or found on disk; a document is one thing read from it (an archive holds many).
  const found = Object.entries(s.documents).filter(([, n]) => n > 0) as [DocumentFormat, number][];
  const documents = found.reduce((n, [, k]) => n + k, 0);
  const kinds = found.map(([f, n]) => count(n, FORMAT_NAMES[f])).join(', ');
  const lines = [
    `${s.dryRun ? 'would import' : 'imported'} into cluster "${s.clusterName}": ${count(s.files, ['file', 'files'])}, ` +
      (documents === 0
        ? 'nothing readable'
        : `${count(documents, ['document', 'documents'])} in them (${kinds})`),
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
  if (s.warnings.length > 0) {
    lines.push(`${count(s.warnings.length, ['warning', 'warnings'])} (imported without the value named):`);
    for (const p of s.warnings) lines.push(`  ${p.where}: ${p.reason}`);
  }
  if (s.problems.length > 0) {
    lines.push(
      `${count(s.problems.length, ['problem', 'problems'])} (not ${s.dryRun ? 'importable' : 'imported'}; everything else ${s.dryRun ? 'would be' : 'was'} imported):`,
    );
    for (const p of s.problems) lines.push(`  ${p.where}: ${p.reason}`);
  }
  return lines.join('\n');
}
