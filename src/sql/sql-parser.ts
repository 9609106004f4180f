import { init, parse } from '@guanmingchiu/sqlparser-ts';
import { stripTimeTravel } from './time-travel.js';

/**
 * The only file that touches sqlparser-ts (sqlparser-rs in WASM, generic dialect), so the dependency can
 * be swapped. Its AST is returned as `unknown` JSON and read defensively by the `ast-*` modules.
 */
export type ParseOutcome =
  | { readonly ok: true; readonly statements: readonly unknown[] }
  | { readonly ok: false; readonly error: string };

let ready = false;

/**
 * Loads the parser's WASM module. Await it once at start-up; until then `extractSqlFacts` falls back to
 * the lexer. Safe to call more than once.
 */
export async function initSqlParser(): Promise<void> {
  await init();
  ready = true;
}

export function isSqlParserReady(): boolean {
  return ready;
}

/** Parses one or more statements after blanking Dremio's `AT BRANCH|SNAPSHOT|…` clauses. Never throws. */
export function parseSql(sql: string): ParseOutcome {
  if (!ready)
    return { ok: false, error: 'SQL parser not initialised: await initSqlParser() once at start-up' };
  try {
    const statements: unknown = parse(stripTimeTravel(sql), 'generic');
    return Array.isArray(statements)
      ? { ok: true, statements }
      : { ok: false, error: 'parser returned no list' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
