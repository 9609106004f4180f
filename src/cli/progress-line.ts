import { formatCount } from '../web/format.js';

/** What one stage's line shows at one moment. */
export interface ProgressView {
  readonly stage: string;
  readonly text: string;
  readonly done: number;
  /** Absent: not known, so a spinner and the count instead of a bar. */
  readonly total?: number | undefined;
  /** Items per second, once measurable. */
  readonly ratePerS?: number | undefined;
  readonly elapsedMs: number;
  /** Time left, when the total and the rate are known. */
  readonly etaMs?: number | undefined;
  /** A finished stage's line keeps its final counts and says how long it took. */
  readonly finished: boolean;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
const SPINNER_FRAME_MS = 100;
const LABEL_COLUMNS = 11;
const MIN_BAR_COLUMNS = 8;
const MAX_BAR_COLUMNS = 30;
const MIN_TEXT_COLUMNS = 12;

/**
 * One stage's progress line, at most `widthColumns - 1` characters (the last column would make some
 * terminals wrap): label, bar (total known) or spinner, count, percentage, rate, time left or taken,
 * then the stage's own text. Short of room, the text is cut, the bar shrinks to a minimum, then the
 * percentage, the rate and the time go, then the bar.
 */
export function progressLine(view: ProgressView, widthColumns: number): string {
  const max = Math.max(1, widthColumns - 1);
  const label = view.stage.padEnd(LABEL_COLUMNS);
  const known = view.total !== undefined && view.total > 0;
  const counted = known || view.done > 0;
  const count = counted
    ? known
      ? `${formatCount(view.done)}/${formatCount(view.total)}`
      : formatCount(view.done)
    : undefined;
  const percent = known ? `${Math.floor((100 * view.done) / (view.total ?? 1))}%`.padStart(4) : undefined;
  const rate = counted && view.ratePerS !== undefined ? `${formatRate(view.ratePerS)}/s` : undefined;
  const time = view.finished
    ? `in ${clock(view.elapsedMs)}`
    : view.etaMs !== undefined
      ? `ETA ${clock(view.etaMs)}`
      : clock(view.elapsedMs);
  const head = (barColumns: number) =>
    known ? `${label} ${bar(view.done / (view.total ?? 1), barColumns)}` : `${label} ${mark(view)}`;
  const line = (barColumns: number, parts: readonly (string | undefined)[]) =>
    [head(barColumns), ...parts.filter((p) => p !== undefined)].join('  ');

  // Short of space, the percentage goes first, then the rate, then the time; the count stays.
  const choices = [[count, percent, rate, time], [count, rate, time], [count, time], [count]];
  for (const [i, parts] of choices.entries()) {
    const minBar = known ? MIN_BAR_COLUMNS : 0;
    if (line(minBar, parts).length > max) continue;
    const barColumns = known ? Math.min(MAX_BAR_COLUMNS, minBar + max - line(minBar, parts).length) : 0;
    const core = line(barColumns, parts);
    const textRoom = max - core.length - 2;
    if (i > 0 || view.text === '' || textRoom < MIN_TEXT_COLUMNS) return core;
    return `${core}  ${fitText(`· ${view.text}`, textRoom)}`;
  }
  // Narrower still: the bar goes too, then the count is cut.
  return fitText(
    [view.stage, known ? undefined : mark(view), count].filter((p) => p !== undefined).join(' '),
    max,
  );
}

function mark(view: ProgressView): string {
  if (view.finished) return '✔';
  return SPINNER[Math.floor(view.elapsedMs / SPINNER_FRAME_MS) % SPINNER.length]!;
}

function bar(fraction: number, columns: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * columns);
  return `${'█'.repeat(filled)}${'░'.repeat(columns - filled)}`;
}

function formatRate(perS: number): string {
  if (perS >= 100) return formatCount(perS);
  return perS >= 10 ? perS.toFixed(0) : perS.toFixed(1);
}

/** `0:07`, `12:30`, `1:02:03`: a width that barely changes while it counts. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

function fitText(line: string, max: number): string {
  return line.length <= max ? line : `${line.slice(0, Math.max(0, max - 1))}…`;
}
