import { z } from 'zod';
import { waiveFindings } from '../analysis/analysis-service.js';
import { defineService } from './service.js';
import { toWire } from './wire-json.js';

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const waiveInput = z.object({
  target: z
    .string()
    .describe('a finding id (16 hex digits) or DETECTOR:PATTERN, e.g. small-files:lake.raw.*'),
  reason: z.string().max(2000).describe('why the finding is accepted (kept with the waiver)'),
  until: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('the waiver lapses at this time (ISO 8601, in the future); default never'),
  cluster: z.string().min(1).optional().describe('waive in this cluster only; default every cluster'),
  actor: z.string().min(1).max(200).optional().describe('who waives (kept with the waiver)'),
  dryRun: flag.default(false).describe('check the target and return the waiver without storing it'),
});

/** A waiver in JSON form (id 0 on a dry run). */
export const waiverOutput = z.object({
  id: z.number(),
  findingId: z.string().nullable(),
  detector: z.string().nullable(),
  pattern: z.string().nullable(),
  reason: z.string(),
  until: z.string().nullable(),
  allClusters: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});

/**
 * Records a waiver: a finding id must exist (NotFoundError on `target`), a DETECTOR:PATTERN may match
 * nothing yet; `reason` is required and `until` must lie in the future (InvalidInputError on them).
 */
export const waive = defineService({
  name: 'waivers.create',
  summary: 'Stop reporting a finding, or every finding matching DETECTOR:PATTERN, with a reason',
  input: waiveInput,
  output: waiverOutput,
  async run(deps, input) {
    const { waiver } = await waiveFindings(deps.store, {
      target: input.target,
      reason: input.reason,
      ...(input.until === undefined ? {} : { until: new Date(input.until) }),
      ...(input.cluster === undefined ? {} : { clusterName: input.cluster }),
      ...(input.actor === undefined ? {} : { createdBy: input.actor }),
      dryRun: input.dryRun,
    });
    return toWire({
      id: waiver.id,
      findingId: waiver.findingId,
      detector: waiver.detector,
      pattern: waiver.pattern,
      reason: waiver.reason,
      until: waiver.until,
      allClusters: waiver.clusterId === null,
      createdBy: waiver.createdBy,
      createdAt: waiver.createdAt,
    }) as z.input<typeof waiverOutput>;
  },
});
