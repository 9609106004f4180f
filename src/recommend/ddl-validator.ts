import { DdlCursor, DdlSyntaxError } from './ddl-cursor.js';
import { dremioOption } from './dremio-options.js';

/**
 * A recursive-descent checker for exactly the statement shapes recommendations emit, following the
 * grammar in dremio-api.md §6.6 (`alter.ftl`, `parserImpls.ftl`). It is deliberately stricter than
 * Dremio: anything we do not emit is rejected, so a bug in a builder cannot reach a user's cluster.
 */
export const DDL_SHAPES = [
  'create-aggregate-reflection',
  'create-raw-reflection',
  'drop-reflection',
  'refresh-reflections',
  'add-partition-field',
  'optimize-table',
  'cluster-table',
  'set-option',
  'refresh-metadata',
  'compute-statistics',
] as const;
export type DdlShape = (typeof DDL_SHAPES)[number];

export type DdlValidation =
  | {
      readonly ok: true;
      readonly shape: DdlShape;
      /** The dataset path's parts, read with Dremio's quoting: `a."b.c"` is two parts, `"x""y"` is `x"y`. */
      readonly path: readonly string[];
      /** The reflection a DROP names (its name or id). */
      readonly reflection?: string;
      /** The support option an `ALTER SYSTEM SET` changes, and its value. */
      readonly option?: { readonly name: string; readonly value: number | boolean };
    }
  | { readonly ok: false; readonly message: string; readonly offset: number };

const TARGET_WORDS = ['TABLE', 'VIEW', 'VDS', 'PDS', 'DATASET'] as const;
const MEASURE_TYPES = ['SUM', 'COUNT', 'MIN', 'MAX'] as const;
const TRANSFORMS_WITH_ARGUMENT = ['BUCKET', 'TRUNCATE'] as const;
const TRANSFORMS = ['IDENTITY', 'YEAR', 'MONTH', 'DAY', 'HOUR', ...TRANSFORMS_WITH_ARGUMENT] as const;
const OPTIMIZE_OPTIONS = ['MIN_INPUT_FILES', 'TARGET_FILE_SIZE_MB', 'MIN_FILE_SIZE_MB', 'MAX_FILE_SIZE_MB'];

/** Checks one statement; never throws. */
export function validateDdl(sql: string): DdlValidation {
  const c = new DdlCursor(sql);
  try {
    const result = c.isWord('OPTIMIZE') ? optimize(c) : c.isWord('ANALYZE') ? analyze(c) : alter(c);
    c.acceptPunct(';');
    if (!c.atEnd()) throw c.error('expected the end of the statement');
    return { ok: true, ...result };
  } catch (error) {
    if (error instanceof DdlSyntaxError) return { ok: false, message: error.message, offset: error.offset };
    throw error;
  }
}

interface Parsed {
  readonly shape: DdlShape;
  readonly path: readonly string[];
  readonly reflection?: string;
  readonly option?: { readonly name: string; readonly value: number | boolean };
}

function path(c: DdlCursor): string[] {
  const parts = [c.expectIdentifier('a dataset path')];
  while (c.acceptPunct('.')) parts.push(c.expectIdentifier('a path part after "."'));
  return parts;
}

function alter(c: DdlCursor): Parsed {
  c.expectWord('ALTER');
  if (c.acceptWord('SYSTEM')) return setOption(c);
  const target = c.expectWord(...TARGET_WORDS);
  const parts = path(c);
  if (c.acceptWord('CREATE')) return { shape: createReflection(c), path: parts };
  if (c.acceptWord('DROP')) {
    c.expectWord('REFLECTION');
    const reflection = c.expectIdentifier('a reflection name or id');
    return { shape: 'drop-reflection', path: parts, reflection };
  }
  if (c.acceptWord('REFRESH')) {
    if (c.acceptWord('METADATA')) {
      if (target !== 'TABLE') throw c.error('REFRESH METADATA is emitted on ALTER TABLE only');
      refreshMetadataOptions(c);
      return { shape: 'refresh-metadata', path: parts };
    }
    c.expectWord('REFLECTIONS');
    return { shape: 'refresh-reflections', path: parts };
  }
  if (c.acceptWord('CLUSTER')) return { shape: clusterBy(c, target), path: parts };
  if (c.acceptWord('ADD')) {
    if (target !== 'TABLE') throw c.error('ADD PARTITION FIELD needs ALTER TABLE');
    c.expectWord('PARTITION');
    c.expectWord('FIELD');
    transform(c);
    return { shape: 'add-partition-field', path: parts };
  }
  throw c.error('expected CREATE, DROP, REFRESH, CLUSTER or ADD');
}

/** `ALTER TABLE t CLUSTER BY (c1, …)`: Dremio 26's Iceberg clustering keys, bare columns only. */
function clusterBy(c: DdlCursor, target: string): DdlShape {
  if (target !== 'TABLE') throw c.error('CLUSTER BY needs ALTER TABLE');
  c.expectWord('BY');
  columnList(c, (x) => x.expectIdentifier('a clustering column'));
  return 'cluster-table';
}

function createReflection(c: DdlCursor): DdlShape {
  const type = c.expectWord('AGGREGATE', 'RAW');
  c.expectWord('REFLECTION');
  c.expectIdentifier('a reflection name');
  c.expectWord('USING');
  if (type === 'RAW') {
    c.expectWord('DISPLAY');
    columnList(c, (x) => x.expectIdentifier('a display column'));
  } else {
    let parts = 0;
    if (c.acceptWord('DIMENSIONS')) {
      columnList(c, dimension);
      parts++;
    }
    if (c.acceptWord('MEASURES')) {
      columnList(c, measure);
      parts++;
    }
    if (parts === 0) throw c.error('expected DIMENSIONS or MEASURES');
  }
  layout(c);
  return type === 'RAW' ? 'create-raw-reflection' : 'create-aggregate-reflection';
}

/** `( item, … )` with at least one item and no name twice. */
function columnList(c: DdlCursor, item: (c: DdlCursor) => string): void {
  c.expectPunct('(');
  const seen = new Set<string>();
  do {
    const at = c.offset;
    const name = item(c);
    if (seen.has(name)) throw new DdlSyntaxError(`column ${name} is listed twice at offset ${at}`, at);
    seen.add(name);
  } while (c.acceptPunct(','));
  c.expectPunct(')');
}

function dimension(c: DdlCursor): string {
  const name = c.expectIdentifier('a dimension column');
  if (c.acceptWord('BY')) c.expectWord('DAY');
  return name;
}

function measure(c: DdlCursor): string {
  const name = c.expectIdentifier('a measure column');
  if (!c.acceptPunct('(')) return name;
  const seen = new Set<string>();
  do {
    const type = measureType(c);
    if (seen.has(type)) throw c.error(`measure type ${type} is listed twice`);
    seen.add(type);
  } while (c.acceptPunct(','));
  c.expectPunct(')');
  return name;
}

function measureType(c: DdlCursor): string {
  if (c.acceptWord('APPROX') || c.acceptWord('APPROXIMATE')) {
    c.expectWord('COUNT');
    c.expectWord('DISTINCT');
    return 'APPROX COUNT DISTINCT';
  }
  return c.expectWord(...MEASURE_TYPES);
}

function layout(c: DdlCursor): void {
  if (c.acceptWord('DISTRIBUTE')) {
    c.expectWord('BY');
    columnList(c, (x) => x.expectIdentifier('a distribution column'));
  }
  const strategy = c.acceptWord('STRIPED') || c.acceptWord('CONSOLIDATED');
  if (strategy || c.isWord('PARTITION')) {
    c.expectWord('PARTITION');
    c.expectWord('BY');
    columnList(c, transform);
  }
  if (c.acceptWord('LOCALSORT')) {
    c.expectWord('BY');
    columnList(c, (x) => x.expectIdentifier('a sort column'));
  }
  if (c.acceptWord('ARROW')) c.expectWord('CACHE');
}

/** A bare column, or `day(ts)`, `bucket(16, id)`, `truncate(4, s)`. */
function transform(c: DdlCursor): string {
  const word = c.peek()?.value ?? '';
  const fn = TRANSFORMS.find((t) => t === word);
  if (fn === undefined || !isCall(c)) return c.expectIdentifier('a partition column or transform');
  c.expectWord(fn);
  c.expectPunct('(');
  if ((TRANSFORMS_WITH_ARGUMENT as readonly string[]).includes(fn)) {
    const n = c.expectNumber(`the ${fn.toLowerCase()} width`);
    if (!Number.isInteger(n) || n < 1) throw c.error(`${fn.toLowerCase()} needs a positive whole width`);
    c.expectPunct(',');
  }
  const column = c.expectIdentifier('the transformed column');
  c.expectPunct(')');
  return `${fn}(${column})`;
}

function isCall(c: DdlCursor): boolean {
  const next = c.peek(1);
  return next?.kind === 'punctuation' && next.text === '(';
}

function optimize(c: DdlCursor): Parsed {
  c.expectWord('OPTIMIZE');
  c.expectWord('TABLE');
  const parts = path(c);
  if (c.acceptWord('REWRITE')) {
    if (c.acceptWord('MANIFESTS')) return { shape: 'optimize-table', path: parts };
    c.expectWord('DATA');
  }
  if (c.acceptWord('USING')) c.expectWord('BIN_PACK');
  if (c.acceptPunct('(')) optimizeOptions(c);
  return { shape: 'optimize-table', path: parts };
}

function optimizeOptions(c: DdlCursor): void {
  const seen = new Map<string, number>();
  do {
    const name = c.expectWord(...OPTIMIZE_OPTIONS);
    if (seen.has(name)) throw c.error(`${name} is given twice`);
    c.expectPunct('=');
    const value = c.expectNumber(name);
    if (!Number.isInteger(value) || value < 1) throw c.error(`${name} needs a positive whole number`);
    seen.set(name, value);
  } while (c.acceptPunct(','));
  c.expectPunct(')');
  const min = seen.get('MIN_FILE_SIZE_MB');
  const max = seen.get('MAX_FILE_SIZE_MB');
  const target = seen.get('TARGET_FILE_SIZE_MB');
  if (min !== undefined && target !== undefined && min > target)
    throw c.error('MIN_FILE_SIZE_MB must not exceed TARGET_FILE_SIZE_MB');
  if (max !== undefined && target !== undefined && max < target)
    throw c.error('MAX_FILE_SIZE_MB must not be below TARGET_FILE_SIZE_MB');
}

/**
 * `REFRESH METADATA [FOR ALL FILES|FOR ALL PARTITIONS] [AUTO|AVOID PROMOTION] [FORCE|LAZY UPDATE]
 * [DELETE|MAINTAIN WHEN MISSING]`, in that order (alter.ftl). File and partition lists are never emitted.
 */
function refreshMetadataOptions(c: DdlCursor): void {
  if (c.acceptWord('FOR')) {
    c.expectWord('ALL');
    c.expectWord('FILES', 'PARTITIONS');
  }
  if (c.acceptWord('AUTO') || c.acceptWord('AVOID')) c.expectWord('PROMOTION');
  if (c.acceptWord('FORCE') || c.acceptWord('LAZY')) c.expectWord('UPDATE');
  if (c.acceptWord('DELETE') || c.acceptWord('MAINTAIN')) {
    c.expectWord('WHEN');
    c.expectWord('MISSING');
  }
}

/** `ANALYZE TABLE <t> FOR ALL COLUMNS | FOR COLUMNS (…) COMPUTE STATISTICS` (parserImpls.ftl, Dremio 24.0+). */
function analyze(c: DdlCursor): Parsed {
  c.expectWord('ANALYZE');
  c.expectWord('TABLE');
  const parts = path(c);
  c.expectWord('FOR');
  if (c.acceptWord('ALL')) c.expectWord('COLUMNS');
  else {
    c.expectWord('COLUMNS');
    columnList(c, (x) => x.expectIdentifier('a column'));
  }
  c.expectWord('COMPUTE');
  c.expectWord('STATISTICS');
  return { shape: 'compute-statistics', path: parts };
}

/** `ALTER SYSTEM SET "<option>" = <value>` for an option in DREMIO_OPTIONS, with a value of its type. */
function setOption(c: DdlCursor): Parsed {
  c.expectWord('SET');
  const at = c.offset;
  const name = c.expectIdentifier('a quoted option name');
  const option = dremioOption(name);
  if (option === undefined)
    throw new DdlSyntaxError(`unknown or unsupported option "${name}" at offset ${at}`, at);
  c.expectPunct('=');
  if (option.type === 'boolean') {
    const word = c.expectWord('TRUE', 'FALSE');
    return { shape: 'set-option', path: [], option: { name, value: word === 'TRUE' } };
  }
  const value = c.expectNumber(`a whole number for ${name}`);
  if (!Number.isSafeInteger(value) || value < option.min)
    throw c.error(`${name} needs a whole number of at least ${option.min}`);
  return { shape: 'set-option', path: [], option: { name, value } };
}
