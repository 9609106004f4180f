// `ALTER TABLE|VIEW|DATASET … REFRESH REFLECTIONS` entered Dremio's grammar in 25.0.0 (alter.ftl,
// SqlRefreshReflectionsForDataset); 24.3.x parses no such statement, so there the REST API is the way.

/** How a reflection refresh can be asked for on this version: SQL, or only the REST API. */
export type RefreshSyntax = 'sql' | 'rest-api';

const FIRST_SQL_MAJOR = 25;

/** SQL when the version is unknown (an import): the statement is what current releases parse. */
export function refreshSyntaxOf(version: string | null): RefreshSyntax {
  const major = version === null ? Number.NaN : Number.parseInt(version, 10);
  return Number.isFinite(major) && major < FIRST_SQL_MAJOR ? 'rest-api' : 'sql';
}
