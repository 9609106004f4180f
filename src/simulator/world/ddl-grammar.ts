/**
 * Dremio's grammar for the DDL the simulator runs (`ALTER … CREATE|DROP REFLECTION`, `REFRESH
 * REFLECTIONS|METADATA`, `ADD PARTITION FIELD`, `OPTIMIZE TABLE`, `ANALYZE TABLE`, `ALTER SYSTEM SET`), read token by token so that what Dremio's
 * parser refuses is refused here too (fidelity-gaps #7) instead of being matched loosely.
 */
import { tokenize } from '../../sql/lexer.js';
import { SqlSubsetError, TokenCursor } from '../sql/token-cursor.js';
import type { PartitionTransform, SimReflectionDef } from './model.js';

export type DdlCommand =
  | {
      readonly kind: 'create-reflection';
      readonly path: string[];
      readonly name: string;
      readonly type: SimReflectionDef['type'];
      readonly dimensions: string[];
      readonly measures: string[];
      readonly display: string[];
      readonly partition: string[];
    }
  | { readonly kind: 'drop-reflection'; readonly path: string[]; readonly name: string }
  | { readonly kind: 'refresh-reflections'; readonly path: string[] }
  | { readonly kind: 'optimize'; readonly path: string[]; readonly targetFileMb?: number }
  | { readonly kind: 'refresh-metadata'; readonly path: string[] }
  | {
      readonly kind: 'analyze-table';
      readonly path: string[];
      /** Empty for `FOR ALL COLUMNS`. */
      readonly columns: string[];
      readonly compute: boolean;
    }
  | {
      readonly kind: 'set-option';
      readonly scope: 'SYSTEM' | 'SESSION';
      readonly name: string;
      readonly value: number | boolean;
    }
  | { readonly kind: 'cluster-table'; readonly path: string[]; readonly columns: string[] }
  | {
      readonly kind: 'add-partition-field';
      readonly path: string[];
      readonly column: string;
      readonly transform: PartitionTransform;
      /** `bucket(n, col)`: the number of buckets. */
      readonly width?: number;
    };

export type DdlParse =
  | { readonly kind: 'not-ddl' }
  | { readonly kind: 'command'; readonly command: DdlCommand }
  | { readonly kind: 'invalid'; readonly reason: string };

const TARGET_WORDS = ['TABLE', 'VIEW', 'VDS', 'PDS', 'DATASET'];
const MEASURE_TYPES = ['SUM', 'COUNT', 'MIN', 'MAX'];
const TRANSFORMS: readonly PartitionTransform[] = ['identity', 'year', 'month', 'day', 'hour', 'bucket'];
const OPTIMIZE_OPTIONS = ['MIN_INPUT_FILES', 'TARGET_FILE_SIZE_MB', 'MIN_FILE_SIZE_MB', 'MAX_FILE_SIZE_MB'];

function path(c: TokenCursor): string[] {
  const parts = [c.name('a dataset path').text];
  while (c.acceptSymbol('.')) parts.push(c.name('a path part').text);
  return parts;
}

function wordOf(c: TokenCursor, words: readonly string[], what: string): string {
  const found = words.find((w) => c.acceptWord(w));
  if (found === undefined) throw c.error(`expected ${what}`);
  return found;
}

function number(c: TokenCursor, what: string): number {
  const token = c.next(what);
  if (token.kind !== 'number' || !/^\d+$/.test(token.text))
    throw new SqlSubsetError(`expected ${what}`, token.start);
  return Number(token.text);
}

/** `( item , … )`, at least one item. */
function list<T>(c: TokenCursor, item: (c: TokenCursor) => T): T[] {
  c.expectSymbol('(');
  const items = [item(c)];
  while (c.acceptSymbol(',')) items.push(item(c));
  c.expectSymbol(')');
  return items;
}

const column = (c: TokenCursor): string => c.name('a column').text;

function dimension(c: TokenCursor): string {
  const name = column(c);
  if (c.acceptWord('BY')) c.expectWord('DAY');
  return name;
}

function measureType(c: TokenCursor): string {
  if (c.acceptWord('APPROXIMATE')) {
    c.expectWord('COUNT');
    c.expectWord('DISTINCT');
    return 'APPROXIMATE COUNT DISTINCT';
  }
  return wordOf(c, MEASURE_TYPES, 'SUM, COUNT, MIN, MAX or APPROXIMATE COUNT DISTINCT');
}

function measure(c: TokenCursor): string {
  const name = column(c);
  if (c.isSymbol('(')) list(c, measureType);
  return name;
}

/** A partition column or transform: `col`, `day(col)`, `bucket(16, col)`, `truncate(4, col)`. */
function partitionItem(c: TokenCursor): { column: string; transform: PartitionTransform; width?: number } {
  const first = c.name('a column or partition transform');
  if (!c.acceptSymbol('(')) return { column: first.text, transform: 'identity' };
  const fn = first.text.toLowerCase();
  let width: number | undefined;
  if (fn === 'bucket' || fn === 'truncate') {
    width = number(c, `the ${fn} width`);
    c.expectSymbol(',');
  } else if (!TRANSFORMS.includes(fn as PartitionTransform)) {
    throw c.error(`unknown partition transform '${first.text}'`);
  }
  const name = column(c);
  c.expectSymbol(')');
  if (fn === 'bucket')
    return { column: name, transform: 'bucket', ...(width === undefined ? {} : { width }) };
  return { column: name, transform: fn === 'truncate' ? 'identity' : (fn as PartitionTransform) };
}

/** `[DISTRIBUTE BY (…)] [PARTITION BY (…)] [LOCALSORT BY (…)] [ARROW CACHE]`. */
function reflectionTail(c: TokenCursor): string[] {
  let partition: string[] = [];
  if (c.acceptWord('DISTRIBUTE')) {
    c.expectWord('BY');
    list(c, column);
  }
  if (c.acceptWord('PARTITION')) {
    c.expectWord('BY');
    partition = list(c, partitionItem).map((p) => p.column);
  }
  if (c.acceptWord('LOCALSORT')) {
    c.expectWord('BY');
    list(c, column);
  }
  if (c.acceptWord('ARROW')) c.expectWord('CACHE');
  return partition;
}

function createReflection(c: TokenCursor, target: string[]): DdlCommand {
  const type = wordOf(c, ['AGGREGATE', 'RAW'], 'AGGREGATE or RAW');
  c.expectWord('REFLECTION');
  const name = c.name('a reflection name').text;
  c.expectWord('USING');
  let dimensions: string[] = [];
  let measures: string[] = [];
  let display: string[] = [];
  if (type === 'RAW') {
    c.expectWord('DISPLAY');
    display = list(c, column);
  } else {
    if (c.acceptWord('DIMENSIONS')) dimensions = list(c, dimension);
    if (c.acceptWord('MEASURES')) measures = list(c, measure);
    if (dimensions.length === 0 && measures.length === 0) throw c.error('expected DIMENSIONS or MEASURES');
  }
  const partition = reflectionTail(c);
  const kind = 'create-reflection';
  return {
    kind,
    path: target,
    name,
    type: type === 'RAW' ? 'RAW' : 'AGGREGATION',
    dimensions,
    measures,
    display,
    partition,
  };
}

/** Calcite's `SqlSetOption` after `ALTER SYSTEM|SESSION`: `SET <name> = <literal>` (strings are not emitted here). */
function setOption(c: TokenCursor, scope: 'SYSTEM' | 'SESSION'): DdlCommand {
  c.expectWord('SET');
  const name = path(c).join('.');
  c.expectSymbol('=');
  if (c.acceptWord('TRUE')) return { kind: 'set-option', scope, name, value: true };
  if (c.acceptWord('FALSE')) return { kind: 'set-option', scope, name, value: false };
  const negative = c.acceptSymbol('-');
  const token = c.next('a literal value');
  if (token.kind !== 'number') throw new SqlSubsetError('expected a literal value', token.start);
  const value = Number(token.text);
  return { kind: 'set-option', scope, name, value: negative ? -value : value };
}

/** `REFRESH METADATA [FOR ALL FILES|PARTITIONS] [AUTO|AVOID PROMOTION] [FORCE|LAZY UPDATE] [DELETE|MAINTAIN WHEN MISSING]`. */
function refreshMetadata(c: TokenCursor, target: string[]): DdlCommand {
  if (c.acceptWord('FOR')) {
    if (c.acceptWord('ALL')) wordOf(c, ['FILES', 'PARTITIONS'], 'FILES or PARTITIONS');
    else {
      // `FOR FILES ('a', …)` and `FOR PARTITIONS ("k" = 'v', …)`: Dremio parses them; we only skip the list.
      wordOf(c, ['FILES', 'PARTITIONS'], 'ALL, FILES or PARTITIONS');
      skipParenthesised(c);
    }
  }
  if (c.acceptWord('AUTO') || c.acceptWord('AVOID')) c.expectWord('PROMOTION');
  if (c.acceptWord('FORCE') || c.acceptWord('LAZY')) c.expectWord('UPDATE');
  if (c.acceptWord('DELETE') || c.acceptWord('MAINTAIN')) {
    c.expectWord('WHEN');
    c.expectWord('MISSING');
  }
  return { kind: 'refresh-metadata', path: target };
}

function skipParenthesised(c: TokenCursor): void {
  c.expectSymbol('(');
  let depth = 1;
  while (depth > 0) {
    if (c.acceptSymbol('(')) depth++;
    else if (c.acceptSymbol(')')) depth--;
    else c.next("')'");
  }
}

/** `ANALYZE TABLE <t> FOR ALL COLUMNS | FOR COLUMNS (…) COMPUTE | DELETE STATISTICS` (Dremio 24.0+). */
function analyze(c: TokenCursor): DdlCommand {
  c.expectWord('ANALYZE');
  c.expectWord('TABLE');
  const target = path(c);
  c.expectWord('FOR');
  let columns: string[] = [];
  if (c.acceptWord('ALL')) c.expectWord('COLUMNS');
  else {
    c.expectWord('COLUMNS');
    columns = list(c, column);
  }
  const compute = wordOf(c, ['COMPUTE', 'DELETE'], 'COMPUTE or DELETE') === 'COMPUTE';
  c.expectWord('STATISTICS');
  return { kind: 'analyze-table', path: target, columns, compute };
}

function alter(c: TokenCursor): DdlCommand {
  c.expectWord('ALTER');
  if (c.acceptWord('SYSTEM')) return setOption(c, 'SYSTEM');
  if (c.acceptWord('SESSION')) return setOption(c, 'SESSION');
  const targetWord = wordOf(c, TARGET_WORDS, 'TABLE, VIEW or DATASET');
  const target = path(c);
  if (c.acceptWord('CREATE')) return createReflection(c, target);
  if (c.acceptWord('DROP')) {
    c.expectWord('REFLECTION');
    return { kind: 'drop-reflection', path: target, name: c.name('a reflection name').text };
  }
  if (c.acceptWord('REFRESH')) {
    if (c.acceptWord('METADATA')) return refreshMetadata(c, target);
    c.expectWord('REFLECTIONS');
    return { kind: 'refresh-reflections', path: target };
  }
  if (c.acceptWord('CLUSTER')) return clusterBy(c, targetWord, target);
  c.expectWord('ADD');
  c.expectWord('PARTITION');
  c.expectWord('FIELD');
  return { kind: 'add-partition-field', path: target, ...partitionItem(c) };
}

/** Dremio 26: `ALTER TABLE t CLUSTER BY (c1, …)` sets the Iceberg table's clustering keys. */
function clusterBy(c: TokenCursor, targetWord: string, target: string[]): DdlCommand {
  if (targetWord !== 'TABLE') throw c.error('CLUSTER BY needs ALTER TABLE');
  c.expectWord('BY');
  return { kind: 'cluster-table', path: target, columns: list(c, column) };
}

function optimizeOption(c: TokenCursor): { name: string; value: number } {
  const name = wordOf(c, OPTIMIZE_OPTIONS, OPTIMIZE_OPTIONS.join(', '));
  c.expectSymbol('=');
  return { name, value: number(c, `a whole number for ${name}`) };
}

function optimize(c: TokenCursor): DdlCommand {
  c.expectWord('OPTIMIZE');
  c.expectWord('TABLE');
  const target = path(c);
  if (c.acceptWord('REWRITE')) {
    if (c.acceptWord('MANIFESTS')) return { kind: 'optimize', path: target };
    c.expectWord('DATA');
    if (c.acceptWord('USING')) c.expectWord('BIN_PACK');
  }
  if (!c.isSymbol('(')) return { kind: 'optimize', path: target };
  const target_mb = list(c, optimizeOption).find((o) => o.name === 'TARGET_FILE_SIZE_MB')?.value;
  return target_mb === undefined
    ? { kind: 'optimize', path: target }
    : { kind: 'optimize', path: target, targetFileMb: target_mb };
}

/**
 * Reads a statement the simulator runs as DDL. Statements starting with `ALTER` or `OPTIMIZE` must
 * follow the grammar (`invalid` otherwise, with the reason); anything else is `not-ddl`.
 */
export function parseDdlStatement(sql: string): DdlParse {
  const c = new TokenCursor(tokenize(sql));
  if (!c.isWord('ALTER') && !c.isWord('OPTIMIZE') && !c.isWord('ANALYZE')) return { kind: 'not-ddl' };
  try {
    const command = c.isWord('OPTIMIZE') ? optimize(c) : c.isWord('ANALYZE') ? analyze(c) : alter(c);
    c.acceptSymbol(';');
    if (!c.atEnd()) throw c.error('expected the end of the statement');
    return { kind: 'command', command };
  } catch (error) {
    if (error instanceof SqlSubsetError) return { kind: 'invalid', reason: error.message };
    throw error;
  }
}
