import { padEndVisible, padStartVisible, visibleLength } from './ansi.js';

/** A column of a terminal table; exactly one column of a table may `wrap` (and it is not coloured). */
export interface TextColumn {
  readonly header: string;
  readonly align?: 'left' | 'right';
  /** Takes the width the other columns leave and wraps onto more lines instead of being cut. */
  readonly wrap?: boolean;
}

/** The narrowest the wrapping column gets, however narrow the terminal: wrapping, never cutting. */
const MIN_WRAP_WIDTH = 20;

/**
 * Rows as aligned columns within `width` characters. Fixed columns take their widest cell; the
 * wrapping column gets the rest and breaks at spaces (a word longer than the column is split), so no
 * text is ever lost to the width. Widths count what the terminal shows: colour escapes take none.
 */
export function renderTextTable(
  columns: readonly TextColumn[],
  rows: readonly (readonly string[])[],
  width: number,
): string {
  const gap = 2;
  const natural = columns.map((c, i) =>
    Math.max(visibleLength(c.header), ...rows.map((r) => visibleLength(r[i] ?? ''))),
  );
  const wrapAt = columns.findIndex((c) => c.wrap === true);
  const widths = [...natural];
  if (wrapAt >= 0) {
    const fixed = natural.reduce((s, w, i) => (i === wrapAt ? s : s + w + gap), 0);
    widths[wrapAt] = Math.max(MIN_WRAP_WIDTH, Math.min(natural[wrapAt]!, width - fixed));
  }
  const lines: string[] = [];
  const emit = (cells: readonly string[]) => {
    const wrapped = cells.map((cell, i) => (i === wrapAt ? wrapText(cell, widths[i]!) : [cell]));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let line = 0; line < height; line++) {
      const parts = columns.map((c, i) => {
        const text = wrapped[i]![line] ?? '';
        return c.align === 'right' ? padStartVisible(text, widths[i]!) : padEndVisible(text, widths[i]!);
      });
      lines.push(parts.join(' '.repeat(gap)).trimEnd());
    }
  };
  emit(columns.map((c) => c.header));
  for (const row of rows) emit(row);
  return lines.join('\n');
}

/**
 * `text` broken into lines of at most `width` characters, at spaces where it can. A word longer than the
 * line (a dataset path) is broken after a `.`, `/`, `_`, `,` or `-` where one fits, else at the width.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    let rest = word;
    while (rest.length > (current === '' ? width : width - current.length - 1)) {
      const room = current === '' ? width : width - current.length - 1;
      // Only a word that fits no line is broken; a shorter one moves whole to the next line.
      const cut = rest.length > width ? breakAfter(rest, room) : 0;
      if (cut > 0) {
        lines.push(current === '' ? rest.slice(0, cut) : `${current} ${rest.slice(0, cut)}`);
        rest = rest.slice(cut);
      } else if (current !== '') lines.push(current);
      else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
      current = '';
    }
    if (current === '') current = rest;
    else current += ` ${rest}`;
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

/** The length of the longest head of `word` within `room` that ends at a natural break, or 0. */
function breakAfter(word: string, room: number): number {
  for (let i = Math.min(room, word.length - 1); i > 0; i--) if ('./_,-'.includes(word[i - 1]!)) return i;
  return 0;
}
