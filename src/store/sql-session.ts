/**
 * The least a migration needs from a database: one session that can run parameterised queries and
 * multi-statement scripts. PGlite and a pg client both provide it; Kysely covers everything else.
 */
export interface SqlSession {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<readonly Row[]>;
  /** Runs a script of several statements with no parameters (a migration file). */
  exec(script: string): Promise<void>;
}
