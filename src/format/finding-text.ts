import type { FindingSubject } from '../domain/finding.js';

/**
 * Time per day the way an engineer says it: `850 ms`, `12.3 s`, `4.5 min`, `2.1 h`. More than a day per
 * day is possible (many runs at once); a value that is not a number or below zero is shown as `?`.
 */
export function describeImpact(msPerDay: number): string {
  if (!Number.isFinite(msPerDay) || msPerDay < 0) return '?';
  if (msPerDay < 1000) return `${Math.round(msPerDay)} ms`;
  if (msPerDay < 60_000) return `${(msPerDay / 1000).toFixed(1)} s`;
  if (msPerDay < 3_600_000) return `${(msPerDay / 60_000).toFixed(1)} min`;
  return `${(msPerDay / 3_600_000).toFixed(1)} h`;
}

/** One line naming the subject, cut to `width` characters. */
export function describeSubject(subject: FindingSubject, width: number): string {
  const text = (() => {
    switch (subject.kind) {
      case 'job':
        return `job ${subject.jobId}`;
      case 'fingerprint':
        return `fp ${subject.fingerprint.slice(0, 8)} ${oneLine(subject.sampleSql ?? '')}`.trimEnd();
      case 'dataset':
        return `dataset ${subject.path}`;
      case 'reflection':
        return `reflection ${subject.name ?? subject.reflectionId}${subject.datasetPath === null ? '' : ` on ${subject.datasetPath}`}`;
    }
  })();
  return clip(text, width);
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts `text` to `width` characters, marking the cut with an ellipsis. */
export function clip(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
