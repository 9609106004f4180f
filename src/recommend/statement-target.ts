import type { Dataset } from '../domain/dataset.js';
import { datasetPathKey } from '../domain/dataset-path.js';
import type { Recommendation } from '../domain/recommendation.js';
import { sameName, splitDottedPath } from '../sql/table-path.js';
import { validateDdl } from './ddl-validator.js';
import { recommendationId } from './recommendation-id.js';
import { quotePath } from './sql-identifier.js';
import type { SqlValidation } from './validate-sql.js';

type Checked = Pick<Recommendation, 'id' | 'kind' | 'sql' | 'target'>;

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => sameName(part, b[i]!));
}

function expectedPath(rec: Checked): readonly string[] | undefined {
  switch (rec.target.kind) {
    case 'dataset':
      return splitDottedPath(rec.target.path);
    case 'reflection':
      return splitDottedPath(rec.target.datasetPath);
    default:
      return undefined;
  }
}

/**
 * Whether a recommendation's statement acts on the recommendation's own target. The stored SQL is
 * only text: a row edited in the store, or a path joined without quotes (`a.b.c.d` for
 * `a."b.c".d`), names another dataset while still passing the grammar. The target, in turn, must be
 * the one the id was made from, so an edit to both is caught too. Never throws.
 */
export function checkStatementTarget(rec: Checked): SqlValidation {
  if (recommendationId(rec.kind, rec.target) !== rec.id)
    return {
      ok: false,
      message: `its target ${JSON.stringify(rec.target)} is not the one id ${rec.id} was made for`,
    };
  const expected = expectedPath(rec);
  if (expected === undefined || rec.sql === null) return { ok: true };
  const parsed = validateDdl(rec.sql);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  if (!samePath(parsed.path, expected))
    return {
      ok: false,
      message:
        `the statement acts on ${quotePath(parsed.path)} (${parsed.path.length} parts), ` +
        `but the recommendation is for ${quotePath(expected)} (${expected.length} parts)`,
    };
  if (parsed.shape === 'drop-reflection' && rec.target.kind === 'reflection') {
    const { reflectionId, reflectionName } = rec.target;
    const named = parsed.reflection ?? '';
    if (named !== reflectionId && named !== reflectionName)
      return {
        ok: false,
        message: `the statement drops reflection ${named}, but the recommendation is for reflection ${reflectionId}${reflectionName === undefined ? '' : ` (${reflectionName})`}`,
      };
  }
  return { ok: true };
}

/**
 * Whether the statement's dataset path is one the catalog knows, or at least not a misquoted spelling
 * of one: `Samples.samples.dremio.com.zips.json` reads as six parts, and when the catalog holds
 * `Samples."samples.dremio.com"."zips.json"` under the same dotted name, the statement is refused as
 * ambiguous (a recommendation stored before names were kept as parts can carry such a path). A path
 * the catalog does not know at all passes: not every dataset is collected. Never throws.
 */
export function checkCatalogPath(sql: string | null, datasets: ReadonlyMap<string, Dataset>): SqlValidation {
  if (sql === null) return { ok: true };
  const parsed = validateDdl(sql);
  if (!parsed.ok) return { ok: true };
  const key = datasetPathKey(parsed.path.join('.'));
  let sameKey: Dataset | undefined;
  for (const d of datasets.values()) {
    if (d.pathParts.length === 0) continue;
    if (samePath(d.pathParts, parsed.path)) return { ok: true };
    if (datasetPathKey(d.pathParts.join('.')) === key) sameKey = d;
  }
  if (sameKey === undefined) return { ok: true };
  return {
    ok: false,
    message:
      `the statement's path ${quotePath(parsed.path)} names no dataset; the catalog has ` +
      `${quotePath(sameKey.pathParts)} under the same dotted name, whose parts must be quoted`,
  };
}
