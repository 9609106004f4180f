import type { RecommendationStatus } from '../domain/recommendation.js';

/** A stored recommendation the analysis may close, with the stored status of each finding it rests on. */
export interface StaleCandidate {
  readonly id: string;
  readonly status: RecommendationStatus;
  readonly findings: readonly { readonly id: string; readonly status: 'open' | 'resolved' | null }[];
}

export interface Closing {
  readonly id: string;
  readonly from: RecommendationStatus;
  readonly reason: string;
}

/**
 * The stored recommendations this analysis no longer makes and may close, each with the reason. One is
 * closed only when the analysis covered everything it rests on: each of its findings is resolved (the
 * findings store resolves only what an evaluated detector looked at again) or was reported by this
 * analysis. A finding still open but not reported — its detector not run, its subject unseen, or
 * waived — leaves the recommendation as it is, since silence there is not health.
 */
export function staleRecommendations(input: {
  readonly candidates: readonly StaleCandidate[];
  readonly madeIds: ReadonlySet<string>;
  readonly reportedFindingIds: ReadonlySet<string>;
}): Closing[] {
  return input.candidates.flatMap((c) => {
    if (input.madeIds.has(c.id) || c.findings.length === 0) return [];
    const resolved = c.findings.filter((f) => f.status === 'resolved');
    const reported = c.findings.filter((f) => f.status !== 'resolved' && input.reportedFindingIds.has(f.id));
    if (resolved.length + reported.length < c.findings.length) return [];
    const reason =
      reported.length === 0
        ? `its ${plural(resolved.length, 'finding')} resolved: ${ids(resolved)}`
        : `the analysis no longer makes it from its ${plural(reported.length, 'finding')} ${ids(reported)}` +
          (resolved.length > 0 ? `; resolved: ${ids(resolved)}` : '');
    return [{ id: c.id, from: c.status, reason }];
  });
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${n} ${word}s`;
}

function ids(list: readonly { readonly id: string }[]): string {
  return list.map((f) => f.id).join(', ');
}
