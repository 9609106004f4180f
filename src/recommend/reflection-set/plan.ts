import { datasetPathKey } from '../../domain/dataset-path.js';
import type { Reflection } from '../../domain/reflection.js';
import type { BuildContext, RecommendationDraft } from '../draft.js';
import { isAccelerated } from '../job-time.js';
import { type ReflectionCandidate, reflectionCandidates } from './candidates.js';
import { chooseReflectionSet, netOf, type SetOption } from './optimizer.js';
import { reflectionOptions } from './options.js';

/** A reflection the plan could have created and did not, with the numbers that decided it. */
export interface LeftOutReflection {
  readonly datasetPath: string;
  readonly type: 'aggregate' | 'raw';
  readonly fingerprints: readonly string[];
  /** `budget`: worth it, but the budget went to better ones; `not-worth-it`: refresh costs more than it saves; `existing`: a reflection already serves it. */
  readonly reason: 'budget' | 'not-worth-it' | 'existing';
  readonly savingsMsPerDay: number;
  readonly refreshMsPerDay: number;
  readonly storageBytes: number;
  readonly existingReflection: string | null;
}

export interface ReflectionSetPlan {
  readonly drafts: RecommendationDraft[];
  readonly leftOut: LeftOutReflection[];
}

/** Makes one reflection's draft for candidates of one dataset and type (the builder's own statement). */
export type ReflectionDraftOf = (
  candidates: readonly ReflectionCandidate[],
  context: BuildContext,
) => RecommendationDraft | undefined;

/** The most columns a replacement may add to an existing reflection and still count as extending it. */
export const EXTENSION_COLUMN_LIMIT = 3;

interface Option extends SetOption {
  readonly candidates: readonly ReflectionCandidate[];
  readonly draft: RecommendationDraft;
}

/**
 * The workload's reflections: every query shape a reflection could serve, the reflections that could
 * serve some of them together (reflection-set/options.ts), and the set with the largest saving net of
 * refresh under `settings.budget` (reflection-set/optimizer.ts). Shapes an existing reflection already
 * serves get none; a new one that covers an existing reflection plus a few columns says it replaces it.
 */
export function planReflectionSet(context: BuildContext, draftOf: ReflectionDraftOf): ReflectionSetPlan {
  const { snapshot } = context;
  const leftOut: LeftOutReflection[] = [];
  const open: ReflectionCandidate[] = [];
  for (const candidate of reflectionCandidates(context.findings, snapshot)) {
    const served = servedBy(candidate, context.snapshot.reflections);
    if (served === undefined) open.push(candidate);
    else leftOut.push(leftOutOf([candidate], undefined, 'existing', served.name ?? served.reflectionId));
  }
  const options: Option[] = reflectionOptions(open).flatMap((o) => {
    const draft = draftOf(o.candidates, context);
    if (draft === undefined) return [];
    return [
      {
        group: o.group,
        key: o.key,
        size: o.candidates.length,
        savingsMsPerDay: draft.payoff.savingsMsPerDay,
        refreshMsPerDay: draft.cost.refreshMsPerDay,
        storageBytes: draft.cost.storageBytes,
        candidates: o.candidates,
        draft,
      },
    ];
  });
  const budget = context.settings.budget;
  const chosen = chooseReflectionSet(options, budget).map((i) => options[i]!);
  const served = new Set(chosen.flatMap((o) => o.candidates.map((c) => c.group.fingerprint)));
  for (const candidate of open) {
    if (served.has(candidate.group.fingerprint)) continue;
    // The shape's own reflection tells why it was left out: its net, or the budget.
    const alone = options.find((o) => o.size === 1 && o.candidates[0] === candidate);
    if (alone === undefined) continue;
    // Worth it alone yet unserved: the budget when there is one, else merging it cost more than it saved.
    const limited = budget.storageBytes !== undefined || budget.refreshMsPerDay !== undefined;
    leftOut.push(
      leftOutOf([candidate], alone, netOf(alone) > 0 && limited ? 'budget' : 'not-worth-it', null),
    );
  }
  const drafts = chosen.map((o) => withExtension(o, snapshot.reflections));
  return { drafts, leftOut };
}

function leftOutOf(
  candidates: readonly ReflectionCandidate[],
  option: Option | undefined,
  reason: LeftOutReflection['reason'],
  existingReflection: string | null,
): LeftOutReflection {
  const first = candidates[0]!;
  return {
    datasetPath: option?.draft.target.kind === 'dataset' ? option.draft.target.path : first.datasetPath,
    type: first.type,
    fingerprints: candidates.map((c) => c.group.fingerprint),
    reason,
    savingsMsPerDay: option?.savingsMsPerDay ?? 0,
    refreshMsPerDay: option?.refreshMsPerDay ?? 0,
    storageBytes: option?.storageBytes ?? 0,
    existingReflection,
  };
}

function onDataset(
  reflections: readonly Reflection[],
  datasetPath: string,
  type: 'aggregate' | 'raw',
): Reflection[] {
  const want = type === 'aggregate' ? 'AGGREGATION' : 'RAW';
  const key = datasetPathKey(datasetPath);
  return reflections.filter(
    (r) =>
      r.type === want &&
      r.enabled !== false &&
      r.datasetPath !== null &&
      datasetPathKey(r.datasetPath) === key,
  );
}

function columnsOf(r: Reflection): Set<string> {
  const names = r.type === 'AGGREGATION' ? [...r.dimensions, ...r.measures] : r.displayColumns;
  // Dremio lists a measure with its types (`amount (SUM, COUNT)`) and may suffix a dimension `BY DAY`.
  const bare = (n: string) =>
    n
      .replace(/\s*\(.*\)\s*$/, '')
      .replace(/\s+BY\s+DAY$/i, '')
      .replaceAll('"', '')
      .toLowerCase();
  return new Set(names.map(bare));
}

/**
 * A shape whose every run was accelerated is already served; the reflection named is the enabled one of
 * the same type on its dataset. A reflection-missing finding means its runs were not, so it never lands here.
 */
function servedBy(
  candidate: ReflectionCandidate,
  reflections: readonly Reflection[],
): Reflection | undefined {
  const jobs = candidate.group.jobs;
  if (jobs.length === 0 || !jobs.every(isAccelerated)) return undefined;
  return onDataset(reflections, candidate.datasetPath, candidate.type)[0];
}

/** When the new reflection holds an existing one's columns and only a few more, it replaces that one. */
function withExtension(option: Option, reflections: readonly Reflection[]): RecommendationDraft {
  const draft = option.draft;
  const first = option.candidates[0]!;
  const mine = String(draft.evidence.reflectionColumns ?? '')
    .split(', ')
    .filter((c) => c !== '');
  const lower = new Set(mine.map((c) => c.toLowerCase()));
  for (const existing of onDataset(reflections, first.datasetPath, first.type)) {
    const theirs = columnsOf(existing);
    if (theirs.size === 0 || ![...theirs].every((c) => lower.has(c))) continue;
    const added = mine.filter((c) => !theirs.has(c.toLowerCase()));
    if (added.length === 0 || added.length > EXTENSION_COLUMN_LIMIT) continue;
    const name = existing.name ?? existing.reflectionId;
    return {
      ...draft,
      action: `${draft.action} It extends existing reflection ${name} by ${added.join(', ')}: drop ${name} once the new one is available, so only one is refreshed.`,
      evidence: { ...draft.evidence, extendsReflection: name, addedColumns: added.length },
    };
  }
  return draft;
}
