import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { tokenize } from './lexer.js';
import { operatorChainDepth } from './operator-chain.js';
import { stripTimeTravel } from './time-travel.js';

/**
 * The only file that touches sqlparser-ts (sqlparser-rs in WASM, generic dialect), so the dependency can
 * be swapped. It loads the package's wasm-bindgen module itself rather than through the package's
 * wrapper, because a WASM stack overflow leaves an instance unusable for good and the wrapper cannot be
 * re-initialised; we can load a fresh instance. The AST is returned as `unknown` JSON.
 */
export type ParseOutcome =
  | { readonly ok: true; readonly statements: readonly unknown[] }
  | { readonly ok: false; readonly error: string };

export interface ParseOptions {
  /** Statements whose operator chains nest deeper than this skip the parser; see `operatorChainDepth`. */
  readonly maxOperatorDepth?: number;
}

/** Well under the 600–800 levels at which the WASM parser overflows its stack. */
export const MAX_OPERATOR_DEPTH = 400;

interface WasmParser {
  readonly parse_sql: (dialect: string, sql: string) => unknown;
}

let current: WasmParser | undefined;
let loading: Promise<void> | undefined;
let instances = 0;

async function loadInstance(): Promise<WasmParser> {
  const entry = pathToFileURL(createRequire(import.meta.url).resolve('@guanmingchiu/sqlparser-ts'));
  const bytes = await readFile(new URL('../wasm/sqlparser_rs_wasm_bg.wasm', entry));
  instances += 1;
  // A distinct URL gives a distinct module record, hence a fresh WASM instance with clean memory.
  const glueUrl = `${new URL('../wasm/sqlparser_rs_wasm.js', entry).href}?instance=${instances}`;
  const glue: unknown = await import(/* @vite-ignore */ glueUrl);
  const { default: start, parse_sql } = glue as { default?: unknown; parse_sql?: unknown };
  if (typeof start !== 'function' || typeof parse_sql !== 'function') {
    throw new Error(
      `sqlparser-ts ${glueUrl} does not export default() and parse_sql(); was the package upgraded?`,
    );
  }
  await start({ module_or_path: bytes });
  return { parse_sql: parse_sql as WasmParser['parse_sql'] };
}

/**
 * Loads the parser's WASM module. Await it once at start-up; until then `extractSqlFacts` falls back to
 * the lexer. Safe to call more than once, and concurrently.
 */
export async function initSqlParser(): Promise<void> {
  if (current !== undefined) return;
  loading ??= loadInstance()
    .then((parser) => {
      current = parser;
    })
    .finally(() => {
      loading = undefined;
    });
  await loading;
}

export function isSqlParserReady(): boolean {
  return current !== undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** A WebAssembly trap (`WebAssembly.RuntimeError`), unlike a parse error, means the instance is broken. */
function isWasmTrap(error: unknown): boolean {
  return error instanceof Error && error.name === 'RuntimeError';
}

function recoverFromCrash(error: unknown): string {
  current = undefined;
  initSqlParser().catch(() => {
    // A failed reload leaves the parser unavailable; every later call says so and uses the tokens.
  });
  return `the SQL parser crashed (${messageOf(error)}) and is being reloaded; facts for this statement come from tokens`;
}

/** Parses one or more statements after blanking Dremio's `AT BRANCH|SNAPSHOT|…` clauses. Never throws. */
export function parseSql(sql: string, options: ParseOptions = {}): ParseOutcome {
  const parser = current;
  if (parser === undefined) {
    const why =
      loading === undefined ? 'not initialised: await initSqlParser() once at start-up' : 'still loading';
    return { ok: false, error: `SQL parser ${why}` };
  }
  const depth = operatorChainDepth(tokenize(sql));
  const maxDepth = options.maxOperatorDepth ?? MAX_OPERATOR_DEPTH;
  if (depth > maxDepth) {
    return {
      ok: false,
      error: `operators nest ${depth} deep, over the parser's safe ${maxDepth}; skipped the parser`,
    };
  }
  try {
    const statements = parser.parse_sql('generic', stripTimeTravel(sql));
    return Array.isArray(statements)
      ? { ok: true, statements }
      : { ok: false, error: 'parser returned no list' };
  } catch (error) {
    if (isWasmTrap(error)) return { ok: false, error: recoverFromCrash(error) };
    return { ok: false, error: messageOf(error) };
  }
}
