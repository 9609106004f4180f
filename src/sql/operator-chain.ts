import type { Token } from './lexer.js';

/** Words that end one expression and start another, so operator chains do not run across them. */
const EXPRESSION_ENDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'ON',
  'JOIN',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'UNION',
  'LIMIT',
  'QUALIFY',
]);

interface Level {
  /** AND/OR at this level: each nests the left side one deeper. */
  logical: number;
  /** Other operators since the last AND/OR, and the most in any such run. */
  segment: number;
  maxSegment: number;
}

function depthOf(level: Level): number {
  return level.logical + level.maxSegment;
}

function isLogical(t: Token): boolean {
  return t.kind === 'keyword' && (t.value === 'AND' || t.value === 'OR');
}

function endsExpression(t: Token): boolean {
  return t.text === ',' || t.text === ';' || (t.kind === 'keyword' && EXPRESSION_ENDS.has(t.value));
}

/**
 * An upper bound on the depth of the expression tree a parser builds: binary operators chained at one
 * level (`a AND b AND …`, `a + b + …`) nest one node per operator, and nesting adds the depth of the
 * enclosing levels. sqlparser-ts's WASM build overflows its stack between 600 and 800 such levels.
 */
export function operatorChainDepth(tokens: readonly Token[]): number {
  const levels: Level[] = [{ logical: 0, segment: 0, maxSegment: 0 }];
  let outer = 0;
  let deepest = 0;
  for (const t of tokens) {
    const level = levels[levels.length - 1]!;
    if (t.kind === 'punctuation' && t.text === '(') {
      outer += depthOf(level);
      levels.push({ logical: 0, segment: 0, maxSegment: 0 });
    } else if (t.kind === 'punctuation' && t.text === ')' && levels.length > 1) {
      levels.pop();
      outer -= depthOf(levels[levels.length - 1]!);
    } else if (endsExpression(t)) {
      Object.assign(level, { logical: 0, segment: 0, maxSegment: 0 });
    } else if (isLogical(t)) {
      level.logical += 1;
      level.segment = 0;
    } else if (t.kind === 'operator') {
      level.segment += 1;
      level.maxSegment = Math.max(level.maxSegment, level.segment);
    }
    deepest = Math.max(deepest, outer + depthOf(levels[levels.length - 1]!));
  }
  return deepest;
}
