import type { FindingSubject } from '../domain/finding.js';
import { formatDuration } from '../domain/units.js';

/**
 * Time per day the way an engineer says it: `850 ms`, `12.3 s`, `4.5 min`, `2.1 h`. More than a day per
 * day is possible (many runs at once); a value that is not a number or below zero is shown as `?`.
 */
export function describeImpact(msPerDay: number): string {
  if (!Number.isFinite(msPerDay) || msPerDay < 0) return '?';
  return formatDuration(msPerDay);
}

/**
 * What the finding is about, in full: the job id, the whole fingerprint, the dataset path, the
 * reflection and its dataset. Text layouts wrap it; they never cut it.
 */
export function subjectName(subject: FindingSubject): string {
  switch (subject.kind) {
    case 'job':
      return `job ${subject.jobId}`;
    case 'fingerprint':
      return `fp ${subject.fingerprint}`;
    case 'dataset':
      return `dataset ${subject.path}`;
    case 'reflection':
      return `reflection ${subject.name ?? subject.reflectionId}${subject.datasetPath === null ? '' : ` on ${subject.datasetPath}`}`;
  }
}

/** A fingerprint's sample SQL on one line: an illustration of the subject, which a layout may shorten. */
export function subjectSample(subject: FindingSubject): string {
  return subject.kind === 'fingerprint' ? oneLine(subject.sampleSql ?? '') : '';
}

/** The subject and its sample SQL on one line, cut to `width` characters (for fixed-size fields). */
export function describeSubject(subject: FindingSubject, width: number): string {
  return clip(`${subjectName(subject)} ${subjectSample(subject)}`.trimEnd(), width);
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts `text` to `width` characters, marking the cut with an ellipsis. */
export function clip(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
