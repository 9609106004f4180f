/** Dataset paths as SQL writes them: dotted, with optional double-quoted segments. */

// A quoted part may hold dots, spaces and doubled quotes (`"o""brien"`).
const SEGMENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_$][\w$@-]*)`;
export const PATH_PATTERN = String.raw`${SEGMENT}(?:\s*\.\s*${SEGMENT})*`;

export function parsePath(text: string): string[] {
  const parts: string[] = [];
  const re = new RegExp(SEGMENT, 'g');
  for (const match of text.matchAll(re))
    parts.push(match[0].startsWith('"') ? match[0].slice(1, -1).replaceAll('""', '"') : match[0]);
  return parts;
}

/** Removes comments and collapses whitespace, so patterns see one clean line. */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Paths after FROM / JOIN, skipping sub-queries and table functions. */
export function referencedPaths(sql: string): string[][] {
  const re = new RegExp(String.raw`\b(?:FROM|JOIN)\s+(${PATH_PATTERN})`, 'gi');
  const out: string[][] = [];
  for (const match of normalizeSql(sql).matchAll(re)) {
    const text = match[1] ?? '';
    if (/^(TABLE|LATERAL|UNNEST)$/i.test(text)) continue;
    out.push(parsePath(text));
  }
  return out;
}
