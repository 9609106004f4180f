import { joinCanonical } from './canonical-spacing.js';
import { tokenize } from './lexer.js';
import { collapseLists } from './list-collapse.js';
import { foldLiterals } from './literal-folding.js';

/**
 * The canonical text of a query for grouping: comments (including our own `/* dremio-optimizer *\/` marker)
 * and trailing semicolons dropped, every literal replaced by `?`, `IN (…)` and repeated `VALUES` tuples
 * collapsed, keywords and unquoted identifiers upper-cased, quoted identifiers kept exactly as written, and
 * one canonical spacing. Never throws. The rules and test vectors are in `docs/fingerprint.md`.
 *
 * @example
 * normalize(`select a from t where x = 5 and y in (1, 2, 3) -- hi`);
 * // 'SELECT A FROM T WHERE X = ? AND Y IN (?)'
 */
export function normalize(sql: string): string {
  return joinCanonical(collapseLists(foldLiterals(tokenize(sql))));
}
