import { z } from 'zod';
import { type ImportSummary, importFiles } from '../sources/import-service.js';
import { DOCUMENT_FORMATS } from '../sources/offline/detect-format.js';
import { booleanInput } from './collect.js';
import { importOptionsFromConfig } from './options-from-config.js';
import { defineService } from './service.js';

export const importInput = z.object({
  paths: z
    .array(z.string().min(1))
    .min(1)
    .describe('Files or directories to read (recursively; .gz, .zip, .tar and .tgz are unpacked)'),
  cluster: z.string().min(1).max(200).default('offline').describe('Cluster the imported jobs belong to'),
  dryRun: booleanInput.default(false).describe('Read and count everything, write nothing'),
});

const problem = z.object({ where: z.string(), reason: z.string() });
const upserts = z.object({ inserted: z.number(), updated: z.number(), unchanged: z.number() });

export const importOutput = z.object({
  runId: z.number().nullable(),
  clusterName: z.string(),
  files: z.number(),
  documents: z.object(Object.fromEntries(DOCUMENT_FORMATS.map((f) => [f, z.number()]))),
  jobs: upserts,
  profiles: upserts,
  datasets: z.number(),
  problems: z.array(problem).describe('Records that could not be imported at all'),
  warnings: z.array(problem).describe('Records imported without a value that could not be kept'),
  skipped: z.array(problem).describe('Files met in directories that are not Dremio files'),
  dryRun: z.boolean(),
  changes: z.object({ detected: z.number(), linked: z.number() }).nullable(),
});
export type ImportOutput = z.input<typeof importOutput>;

export const importData = defineService({
  name: 'import',
  summary: 'Import profiles, support ZIPs, queries.json logs and job-history exports from files',
  input: importInput,
  output: importOutput,
  async run(deps, options) {
    const summary = await importFiles(deps.store, {
      paths: options.paths,
      clusterName: options.cluster,
      ...importOptionsFromConfig(deps.config),
      dryRun: options.dryRun,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      onProgress: (p) =>
        deps.onProgress?.(
          'import',
          `${p.filesDone}/${p.filesTotal} files, ${p.jobsRead} jobs, ${p.problems} problems`,
          { ...p, done: p.filesDone, total: p.filesTotal },
        ),
    });
    return importSummaryWire(summary);
  },
});

export function importSummaryWire(s: ImportSummary): ImportOutput {
  return {
    runId: s.runId === null ? null : Number(s.runId),
    clusterName: s.clusterName,
    files: s.files,
    documents: { ...s.documents },
    jobs: { inserted: s.jobs.inserted, updated: s.jobs.updated, unchanged: s.jobs.unchanged },
    profiles: { ...s.profiles },
    datasets: s.datasets,
    problems: s.problems.map((p) => ({ ...p })),
    warnings: s.warnings.map((p) => ({ ...p })),
    skipped: s.skipped.map((p) => ({ ...p })),
    dryRun: s.dryRun,
    changes: s.changes === undefined ? null : { ...s.changes },
  };
}
