import { DETECTOR_IDS, type DetectorId, isDetectorId } from '../domain/detector-id.js';
import { type Finding, subjectKey } from '../domain/finding.js';
import { InvalidInputError } from '../errors.js';
import type { WaivedFinding } from './analysis-report.js';
import { FINDING_ID_PATTERN } from './finding-id.js';

/** What `waive` was given: one finding's id, or a detector (`*` for any) and a glob on subject keys. */
export type WaiverTarget =
  | { readonly kind: 'finding'; readonly findingId: string }
  | { readonly kind: 'pattern'; readonly detector: DetectorId | '*'; readonly pattern: string };

/** The part of a stored waiver that decides what it hides. */
export interface WaiverRule {
  readonly findingId: string | null;
  readonly detector: string | null;
  readonly pattern: string | null;
}

/**
 * Reads `ID` or `DETECTOR:PATTERN`. The pattern is a glob (`*` any run of characters, `?` one) on the
 * subject key — `fingerprint:…`, `dataset:…`, `reflection:…`, `job:…` — with or without that prefix,
 * e.g. `small-files:lake.raw.*` or `*:dataset:lake.raw.events`.
 */
export function parseWaiverTarget(text: string): WaiverTarget {
  const trimmed = text.trim();
  if (FINDING_ID_PATTERN.test(trimmed)) return { kind: 'finding', findingId: trimmed };
  const colon = trimmed.indexOf(':');
  const detector = colon < 0 ? '' : trimmed.slice(0, colon);
  const pattern = colon < 0 ? '' : trimmed.slice(colon + 1);
  if ((detector === '*' || isDetectorId(detector)) && pattern !== '') {
    return { kind: 'pattern', detector, pattern };
  }
  throw new InvalidInputError(`cannot read waiver target "${text}"`, {
    code: 'WAIVER_TARGET_INVALID',
    problems: [
      {
        field: 'target',
        value: text,
        expected: `a finding id (16 hex digits, from an analysis report) or DETECTOR:PATTERN, where DETECTOR is * or one of ${DETECTOR_IDS.join(', ')}`,
      },
    ],
    hint: `give a finding id (16 hex digits, from an analysis report) or DETECTOR:PATTERN, where DETECTOR is * or one of ${DETECTOR_IDS.join(', ')}`,
  });
}

/**
 * What a pattern may name a subject by: its key with and without the kind prefix, and for a reflection
 * also its name and its dataset's path (`reflection-unused:orders_agg`, `reflection-failing:lake.sales.*`),
 * since the report shows those and not the reflection's id.
 */
function subjectNames(subject: Finding['subject']): string[] {
  const key = subjectKey(subject);
  const names = [key, key.slice(key.indexOf(':') + 1)];
  if (subject.kind === 'reflection') {
    if (subject.name !== null) names.push(subject.name, `reflection:${subject.name}`);
    if (subject.datasetPath !== null) names.push(subject.datasetPath, `dataset:${subject.datasetPath}`);
  }
  return names;
}

/** The first rule that hides this finding, or undefined. */
export function matchWaiver<R extends WaiverRule>(
  finding: Pick<Finding, 'id' | 'detector' | 'subject'>,
  rules: readonly R[],
): R | undefined {
  const names = subjectNames(finding.subject);
  return rules.find((rule) => {
    if (rule.findingId !== null) return rule.findingId === finding.id;
    if (rule.detector === null || rule.pattern === null) return false;
    if (rule.detector !== '*' && rule.detector !== finding.detector) return false;
    const glob = globToRegExp(rule.pattern);
    return names.some((name) => glob.test(name));
  });
}

export function globToRegExp(pattern: string): RegExp {
  const body = [...pattern]
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.+()[\]{}|/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** Splits findings into those to show and those an active waiver hides, naming the waiver. */
export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly (WaiverRule & {
    readonly id: bigint;
    readonly reason: string;
    readonly until: Date | null;
  })[],
): { shown: Finding[]; waived: WaivedFinding[] } {
  const shown: Finding[] = [];
  const waived: WaivedFinding[] = [];
  for (const finding of findings) {
    const waiver = matchWaiver(finding, waivers);
    if (waiver === undefined) shown.push(finding);
    else
      waived.push({ findingId: finding.id, waiverId: waiver.id, reason: waiver.reason, until: waiver.until });
  }
  return { shown, waived };
}
