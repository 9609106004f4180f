/**
 * Reflection facts over everything after history — segments `advance` added and jobs appended over
 * REST — without building every job: segments are counted from their arrival kinds like history,
 * only appended jobs (few) are read one by one.
 */
import type { JobStore, LazySegment } from './job-store.js';
import type { SimReflectionDef } from './model.js';
import { countOfKind, historicalUsage, lastIndexOfKind } from './reflection-usage.js';
import { REFRESH_TEMPLATE } from './refresh-job.js';
import type { ReflectionUsage } from './tables/reflection-tables.js';
import type { Template } from './templates/template.js';

type Span =
  | { readonly kind: 'segment'; readonly start: number; readonly segment: LazySegment }
  | { readonly kind: 'appended'; readonly start: number; readonly end: number };

/** Everything after history in index order: segments and the runs of appended jobs between them. */
function spansAfterHistory(store: JobStore): Span[] {
  const spans: Span[] = [];
  let next = store.historicalCount;
  for (const { start, segment } of store.extensions()) {
    if (start > next) spans.push({ kind: 'appended', start: next, end: start });
    spans.push({ kind: 'segment', start, segment });
    next = start + segment.arrivals.kinds.length;
  }
  if (store.count() > next) spans.push({ kind: 'appended', start: next, end: store.count() });
  return spans;
}

export function createLiveUsage(options: {
  readonly seed: number;
  readonly store: JobStore;
  readonly templates: readonly Template[];
}) {
  const { seed, store, templates } = options;
  const bySegment = new WeakMap<LazySegment, Map<string, ReflectionUsage>>();
  const segmentUsage = (segment: LazySegment): Map<string, ReflectionUsage> => {
    let usage = bySegment.get(segment);
    if (!usage) {
      usage = historicalUsage({ seed, state: segment.world.state, templates, arrivals: segment.arrivals });
      bySegment.set(segment, usage);
    }
    return usage;
  };
  const refreshKind = (segment: LazySegment, r: SimReflectionDef): number => {
    const index = segment.refreshing.findIndex((x) => x.id === r.id);
    return index < 0 ? -1 : templates.length + index;
  };
  return {
    /** Considered/matched/chosen counts after history, added to `base`. */
    usage(reflectionId: string, base: ReflectionUsage): ReflectionUsage {
      const counts = { ...base };
      for (const span of spansAfterHistory(store)) {
        if (span.kind === 'segment') {
          const u = segmentUsage(span.segment).get(reflectionId);
          if (!u) continue;
          counts.considered += u.considered;
          counts.matched += u.matched;
          counts.chosen += u.chosen;
          continue;
        }
        for (let i = span.start; i < span.end; i++) {
          for (const rel of store.job(i).reflectionRelationships) {
            if (rel.reflectionId !== reflectionId) continue;
            counts.considered++;
            if (rel.relationship !== 'CONSIDERED') counts.matched++;
            if (rel.relationship === 'CHOSEN') counts.chosen++;
          }
        }
      }
      return counts;
    },
    /** Index of the reflection's latest refresh after history, or -1. */
    lastRefreshIndex(r: SimReflectionDef): number {
      const spans = spansAfterHistory(store).reverse();
      for (const span of spans) {
        if (span.kind === 'segment') {
          const kind = refreshKind(span.segment, r);
          const at = kind < 0 ? -1 : lastIndexOfKind(span.segment.arrivals, kind);
          if (at >= 0) return span.start + at;
          continue;
        }
        for (let i = span.end - 1; i >= span.start; i--) {
          const job = store.job(i);
          if (job.template === REFRESH_TEMPLATE && job.sql.includes(r.id)) return i;
        }
      }
      return -1;
    },
    /** Refreshes of a failing reflection in the segments (each one failed). */
    failedRefreshes(r: SimReflectionDef): number {
      if (!r.failing) return 0;
      let n = 0;
      for (const { segment } of store.extensions()) {
        const kind = refreshKind(segment, r);
        if (kind >= 0) n += countOfKind(segment.arrivals, kind);
      }
      return n;
    },
  };
}
