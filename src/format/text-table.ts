/** A column of a terminal table; exactly one column of a table may `wrap`. */
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
 * text is ever lost to the width.
 */
export function renderTextTable(
  columns: readonly TextColumn[],
  rows: readonly (readonly string[])[],
  width: number,
): string {
  const gap = 2;
  const natural = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
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
        return c.align === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
      });
      lines.push(parts.join(' '.repeat(gap)).trimEnd());
    }
  };
  emit(columns.map((c) => c.header));
  for (const row of rows) emit(row);
  return lines.join('\n');
}

/** `text` broken into lines of at most `width` characters, at spaces where it can. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    let rest = word;
    while (rest.length > width) {
      if (current !== '') {
        lines.push(current);
        current = '';
      }
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (current === '') current = rest;
    else if (current.length + 1 + rest.length <= width) current += ` ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}
