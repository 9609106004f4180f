import type { FingerprintGroup, WorkloadSnapshot } from '../../analysis/detector.js';
import type { DetectorId } from '../../domain/detector-id.js';
import type { Finding } from '../../domain/finding.js';
import type { SqlFacts } from '../../domain/sql-facts.js';
import { canonicalPath } from '../../sql/table-path.js';

/** One query shape a reflection could serve, and the finding that asks for it. */
export interface ReflectionCandidate {
  /** Every finding on this shape that the reflection answers. */
  readonly findings: readonly Finding[];
  readonly group: FingerprintGroup;
  /** The dataset's parts as the query names them; a part may hold dots or quotes. */
  readonly parts: readonly string[];
  readonly datasetPath: string;
  readonly type: 'aggregate' | 'raw';
}

/**
 * Which findings a reflection answers, by detector: a missing reflection of either type; an aggregate
 * query that prunes badly or spills (the reflection holds it pre-aggregated, so neither the scan nor the
 * aggregation runs again); a dashboard query whose client waits on it; an aggregate query whose
 * planning is long.
 */
const SERVES: Partial<Record<DetectorId, 'any' | 'aggregate'>> = {
  'reflection-missing': 'any',
  'partition-pruning': 'aggregate',
  spill: 'aggregate',
  'client-blocking': 'aggregate',
  // Dremio matches a reflection on the view a query names before it plans the view's joins.
  'planning-time': 'aggregate',
};

function candidateOf(finding: Finding, snapshot: WorkloadSnapshot): ReflectionCandidate | undefined {
  const serves = SERVES[finding.detector];
  if (serves === undefined || finding.subject.kind !== 'fingerprint') return undefined;
  const group = snapshot.fingerprints.get(finding.subject.fingerprint);
  const facts = group?.facts;
  if (group === undefined || facts === undefined || facts.tables.length === 0) return undefined;
  // A reflection sits on one dataset: the first the query reads (its FROM), which joins hang off.
  const parts = facts.tables[0]!.path;
  const type = facts.aggregates.length > 0 || facts.groupBy.length > 0 ? 'aggregate' : 'raw';
  if (serves === 'aggregate' && (type !== 'aggregate' || !groupsWell(facts))) return undefined;
  return { findings: [finding], group, parts, datasetPath: canonicalPath(parts), type };
}

/**
 * Whether an aggregate reflection would hold the query in few rows: its filters become dimensions, so a
 * pattern (`LIKE '%bot%'`) or an expression on a column puts that column's every value in the reflection
 * — a free-text column keeps about as many rows as the table. reflection-missing judges this itself.
 */
function groupsWell(facts: SqlFacts): boolean {
  return facts.predicates.every(
    (p) => p.wrappedBy === null && p.comparison !== 'like' && p.comparison !== 'other',
  );
}

/**
 * One candidate per query shape: a shape several detectors flag is one shape to serve, its findings kept
 * so the recommendation names them all. Ordered by fingerprint, so what follows is deterministic.
 */
export function reflectionCandidates(
  findings: readonly Finding[],
  snapshot: WorkloadSnapshot,
): ReflectionCandidate[] {
  const byFingerprint = new Map<string, ReflectionCandidate>();
  for (const finding of findings) {
    const candidate = candidateOf(finding, snapshot);
    if (candidate === undefined) continue;
    const seen = byFingerprint.get(candidate.group.fingerprint);
    // The first finding decides the type; an aggregate query stays aggregate whoever flags it.
    byFingerprint.set(
      candidate.group.fingerprint,
      seen === undefined ? candidate : { ...seen, findings: [...seen.findings, finding] },
    );
  }
  return [...byFingerprint.keys()].sort().map((k) => byFingerprint.get(k)!);
}
