/**
 * Every job the world knows, in submission order: lazy segments computed on demand from (seed,
 * index) — the history, then each stretch of time `advance` adds — and jobs submitted over REST
 * appended between them. Ids encode the global index, so lookups are O(1) plus a search over the
 * few segments.
 */
import type { DetectorId } from '../../domain/detector-id.js';
import type { SimJob } from '../world.js';
import { CLIENTS } from './actors.js';
import type { Arrivals } from './arrivals.js';
import { answeredFromCache } from './cached-job.js';
import { withReattempts } from './job-attempts.js';
import type { JobWorld } from './job-builder.js';
import { buildWorkloadJob } from './job-builder.js';
import { indexFromJobId, jobIdFor } from './job-id.js';
import { createLabeler } from './job-labels.js';
import type { JobRecord } from './job-record.js';
import type { SimReflectionDef } from './model.js';
import { rngFor } from './prng.js';
import { buildRefreshJob, REFRESH_TEMPLATE } from './refresh-job.js';
import type { ResultsCache } from './results-cache.js';
import { cacheRunOf } from './results-cache.js';
import type { JobSource } from './tables/jobs-table.js';
import type { Template } from './templates/template.js';

const JOB_SALT = 0x10b;
const ATTEMPT_SALT = 0x10c;
const CACHE_SIZE = 256;

/** Jobs generated from arrivals against one world state: the history, or a stretch `advance` added. */
export interface LazySegment {
  readonly arrivals: Arrivals;
  /** Reflections refreshing in this segment; kind `templates.length + r` refreshes the r-th. */
  readonly refreshing: readonly SimReflectionDef[];
  readonly world: JobWorld;
}

type Block =
  | { readonly kind: 'lazy'; readonly start: number; readonly segment: LazySegment }
  | { readonly kind: 'appended'; readonly start: number; readonly records: JobRecord[] };

export interface JobStore extends JobSource {
  readonly historicalCount: number;
  /** Id, template and labels of a generated job (history or advanced), without building it; undefined for REST jobs. */
  truthEntry(index: number):
    | {
        readonly jobId: string;
        readonly template: string;
        readonly labels: readonly DetectorId[];
      }
    | undefined;
  record(index: number): JobRecord;
  recordById(jobId: string): JobRecord | undefined;
  /** Appends a job submitted at or after `atMs`; its time is nudged so history stays ordered. */
  append(build: (jobId: string, submittedMs: number, index: number) => JobRecord, atMs: number): JobRecord;
  /** Appends a lazy segment; its arrivals must start after the last job. Returns its first index. */
  extend(segment: LazySegment): number;
  /** Segments after the history with their first index, oldest first. */
  extensions(): readonly { readonly start: number; readonly segment: LazySegment }[];
  lastSubmittedMs(): number;
}

export function createJobStore(options: {
  readonly seed: number;
  readonly arrivals: Arrivals;
  readonly templates: readonly Template[];
  readonly refreshing: readonly SimReflectionDef[];
  readonly world: JobWorld;
  /** When the world has Dremio's results cache on: asked about each workload job in submission order. */
  readonly resultsCache?: ResultsCache;
}): JobStore {
  const { seed, arrivals, templates } = options;
  const historicalCount = arrivals.submittedMs.length;
  const history: LazySegment = { arrivals, refreshing: options.refreshing, world: options.world };
  const blocks: Block[] = [{ kind: 'lazy', start: 0, segment: history }];
  // Decided when a segment is added, in submission order, so any job can still be built on its own.
  const cacheHits = new Set<number>();
  const markCacheHits = (segment: LazySegment, start: number): void => {
    const cache = options.resultsCache;
    if (cache === undefined) return;
    segment.arrivals.kinds.forEach((kind, offset) => {
      const template = templates[kind];
      if (!template) return;
      const index = start + offset;
      const run = cacheRunOf({
        state: segment.world.state,
        template,
        rng: rngFor(seed, index, JOB_SALT),
        submittedMs: segment.arrivals.submittedMs[offset] ?? 0,
        queryType: CLIENTS[template.client].queryType,
      });
      if (cache.offer(run)) cacheHits.add(index);
    });
  };
  markCacheHits(history, 0);
  let count = historicalCount;
  const cache = new Map<number, JobRecord>();
  const labelers = new Map<LazySegment, ReturnType<typeof createLabeler>>();
  const labelerOf = (segment: LazySegment) => {
    let labeler = labelers.get(segment);
    if (!labeler) {
      labeler = createLabeler(segment.world);
      labelers.set(segment, labeler);
    }
    return labeler;
  };

  const blockOf = (index: number): Block | undefined => {
    if (!Number.isInteger(index) || index < 0 || index >= count) return undefined;
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((blocks[mid]?.start ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return blocks[lo];
  };

  const build = (segment: LazySegment, offset: number, index: number): JobRecord => {
    const kind = segment.arrivals.kinds[offset] ?? 0;
    const submittedMs = segment.arrivals.submittedMs[offset] ?? 0;
    const jobId = jobIdFor(seed, index);
    const rng = rngFor(seed, index, JOB_SALT);
    const template = templates[kind];
    if (template) {
      const built = buildWorkloadJob(segment.world, { jobId, template, submittedMs, rng });
      const answered = cacheHits.has(index) ? answeredFromCache(built) : undefined;
      return answered ?? withReattempts(built, rngFor(seed, index, ATTEMPT_SALT));
    }
    const reflection = segment.refreshing[kind - templates.length];
    if (!reflection) throw new RangeError(`job ${index} has unknown kind ${kind}`);
    return buildRefreshJob(segment.world, { jobId, reflection, submittedMs, rng });
  };

  const record = (index: number): JobRecord => {
    const block = blockOf(index);
    if (!block) throw new RangeError(`no job at index ${index}`);
    if (block.kind === 'appended') return block.records[index - block.start] as JobRecord;
    const cached = cache.get(index);
    if (cached) return cached;
    const fresh = build(block.segment, index - block.start, index);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as number);
    cache.set(index, fresh);
    return fresh;
  };

  const submittedMs = (index: number): number => {
    const block = blockOf(index);
    if (!block) return 0;
    return block.kind === 'lazy'
      ? (block.segment.arrivals.submittedMs[index - block.start] ?? 0)
      : (block.records[index - block.start]?.job.submittedEpochMs ?? 0);
  };

  const lastSubmittedMs = (): number => (count > 0 ? submittedMs(count - 1) : 0);

  return {
    historicalCount,
    truthEntry: (index) => {
      const block = blockOf(index);
      if (block?.kind !== 'lazy') return undefined;
      const { segment } = block;
      const offset = index - block.start;
      const template = templates[segment.arrivals.kinds[offset] ?? 0];
      const jobId = jobIdFor(seed, index);
      if (!template) return { jobId, template: REFRESH_TEMPLATE, labels: [] };
      const labels = labelerOf(segment)(template, segment.arrivals.submittedMs[offset] ?? 0);
      return { jobId, template: template.name, labels };
    },
    count: () => count,
    submittedMs,
    job: (index): SimJob => record(index).job,
    record,
    recordById: (jobId) => {
      const index = indexFromJobId(seed, jobId);
      if (index === undefined || index >= count) return undefined;
      return record(index);
    },
    append: (make, atMs) => {
      const index = count;
      const at = Math.max(Math.round(atMs), lastSubmittedMs() + 1);
      const made = make(jobIdFor(seed, index), at, index);
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'appended') last.records.push(made);
      else blocks.push({ kind: 'appended', start: index, records: [made] });
      count++;
      return made;
    },
    extend: (segment) => {
      const start = count;
      const first = segment.arrivals.submittedMs[0];
      if (first !== undefined && first <= lastSubmittedMs())
        throw new RangeError('a new segment must start after the last job');
      if (segment.arrivals.submittedMs.length === 0) return start;
      blocks.push({ kind: 'lazy', start, segment });
      markCacheHits(segment, start);
      count += segment.arrivals.submittedMs.length;
      return start;
    },
    extensions: () =>
      blocks.flatMap((b) =>
        b.kind === 'lazy' && b.segment !== history ? [{ start: b.start, segment: b.segment }] : [],
      ),
    lastSubmittedMs,
  };
}
