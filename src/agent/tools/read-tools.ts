import { z } from 'zod';
import { getDataset, listDatasets } from '../../app/datasets.js';
import { getFinding } from '../../app/findings.js';
import { getFingerprint } from '../../app/fingerprints.js';
import { getJob } from '../../app/jobs.js';
import { listReflections } from '../../app/reflections.js';
import { NotFoundError } from '../../errors.js';
import type { AgentTool } from '../tool.js';

const cluster = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe('Cluster name as given in the data (may be omitted when there is one cluster)');

/** Each tool is a thin wrapper on one read service: the model reads what the API and the CLI read. */
export const getFindingTool: AgentTool = {
  name: 'get_finding',
  description:
    'One finding by id: detector, severity, title, evidence with the thresholds crossed, affected job ids and the recommendations made on it.',
  input: z.object({ id: z.string().min(1).max(200).describe('Finding id'), cluster }).strict(),
  run: (deps, input) => getFinding(deps, input as z.input<typeof getFinding.input>),
};

export const getJobTool: AgentTool = {
  name: 'get_job',
  description:
    'One job by Dremio job id: SQL text, user, queue, engine, phase timings, rows and bytes scanned, reflections considered and its profile summary (operators, spill, skew).',
  input: z.object({ jobId: z.string().min(1).max(200).describe('Dremio job id'), cluster }).strict(),
  run: (deps, input) => getJob(deps, input as z.input<typeof getJob.input>),
};

export const getFingerprintTool: AgentTool = {
  name: 'get_fingerprint',
  description:
    'One query shape (fingerprint): its normalised SQL, its baselines (p50/p95 of duration and more), its runs per day and the change points where it slowed.',
  input: z
    .object({
      fingerprint: z.string().min(1).max(200),
      cluster,
      days: z.number().int().min(1).max(365).optional().describe('Days of history (default 30)'),
    })
    .strict(),
  run: (deps, input) => getFingerprint(deps, input as z.input<typeof getFingerprint.input>),
};

export const getDatasetTool: AgentTool = {
  name: 'get_dataset',
  description:
    'Looks a dataset path up in the collected catalog: columns and types, partitioning, latest file statistics, view SQL and reflections. An unknown path answers found: false with the paths that look alike.',
  input: z
    .object({
      path: z.string().min(1).max(1000).describe('Dataset path as Dremio prints it, e.g. space.folder.table'),
      cluster,
    })
    .strict(),
  async run(deps, input) {
    const { path, cluster: name } = input as { path: string; cluster?: string };
    try {
      return {
        found: true,
        dataset: await getDataset(deps, { path, ...(name === undefined ? {} : { cluster: name }) }),
      };
    } catch (error) {
      if (!(error instanceof NotFoundError) || error.entity !== 'dataset') throw error;
      const last = path.split('.').pop()?.replaceAll('"', '') ?? path;
      const alike = await listDatasets(deps, {
        text: last,
        limit: 10,
        ...(name === undefined ? {} : { cluster: name }),
      });
      return { found: false, path, alike: alike.items.map((d) => d.path) };
    }
  },
};

export const listReflectionsTool: AgentTool = {
  name: 'list_reflections',
  description:
    'The reflections (raw and aggregation) defined on a dataset: dimensions, measures, partitioning, status, refresh time and how often they were considered, matched and chosen.',
  input: z.object({ dataset: z.string().min(1).max(1000).describe('Dataset path'), cluster }).strict(),
  async run(deps, input) {
    const page = await listReflections(deps, {
      ...(input as { dataset: string; cluster?: string }),
      limit: 50,
    });
    return page.items;
  },
};

/** The read tools every explanation has; other tools (SQL validation, impact) are passed in beside them. */
export const READ_TOOLS: readonly AgentTool[] = [
  getFindingTool,
  getJobTool,
  getFingerprintTool,
  getDatasetTool,
  listReflectionsTool,
];
