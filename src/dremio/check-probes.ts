import type { DremioDeployment } from '../domain/dremio-deployment.js';
import { isOwnSql } from '../domain/sql-marker.js';
import { isAppError } from '../errors.js';
import { catalogListSchema } from './catalog-entity.js';
import { walkCatalog } from './catalog-walker.js';
import { type CheckLine, failed, passed, skipped } from './check-report.js';
import type { DremioConnection } from './dremio-connection.js';
import { listJobsPage } from './jobs-listing.js';
import { parseResponse } from './parse-response.js';
import { fetchProfile } from './profile-fetch.js';
import { listReflections } from './reflections.js';
import { collectSql } from './sql-runner.js';

/** Fix text for any failure: the DremioError hint names the variable at fault. */
export function fixFor(error: unknown): string {
  if (isAppError(error) && error.hint) return error.hint;
  return 'Run again with --verbose and check the Dremio coordinator log for this request.';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const PERMISSION_WORDS = /permission|privilege|not authori[sz]ed|access denied|forbidden|not allowed/i;

/** Job ids for the profile probe: other users' finished jobs, as the product will need, never our own. */
export interface HistoryProbe {
  readonly line: CheckLine;
  readonly sampleJobIds: readonly string[];
}

export async function probeJobHistory(
  connection: DremioConnection,
  deployment: DremioDeployment,
): Promise<HistoryProbe> {
  if (deployment.historyTable === 'jobs-listing') return probeJobsListing(connection, deployment);
  const table = deployment.historyTable;
  try {
    const result = await collectSql(
      connection,
      `SELECT job_id, query FROM ${table} WHERE status = 'COMPLETED' LIMIT 20`,
    );
    const scope =
      connection.session.loginInfo?.admin === false
        ? ' The user is not an admin, so it may see only its own jobs; an admin user sees everyone’s.'
        : '';
    const lag =
      deployment.kind === 'cloud' ? ' Cloud fills this table hourly, so the newest hour is missing.' : '';
    const sampleJobIds = result.rows
      .filter((row) => !isOwnSql(String(row.query ?? '')))
      .map((row) => String(row.job_id));
    return { line: passed('job-history', `${table} is readable.${scope}${lag}`), sampleJobIds };
  } catch (error) {
    const fix = PERMISSION_WORDS.test(messageOf(error))
      ? `The user cannot read ${table}. Connect as an admin user (DREMIO_USERNAME/DREMIO_PASSWORD or DREMIO_TOKEN), or grant it: GRANT VIEW JOB HISTORY ON SYSTEM TO USER "<user>".`
      : fixFor(error);
    return {
      line: failed('job-history', `Cannot read ${table}: ${messageOf(error)}`, fix),
      sampleJobIds: [],
    };
  }
}

async function probeJobsListing(
  connection: DremioConnection,
  deployment: DremioDeployment,
): Promise<HistoryProbe> {
  const why = `Dremio ${deployment.version} is older than 24.3 and has no sys.jobs_recent (sys.jobs shows only running jobs).`;
  try {
    const page = await listJobsPage(connection, {
      offset: 0,
      limit: 20,
      filter: '(jst=="COMPLETED")',
      order: 'DESCENDING',
    });
    return {
      line: passed('job-history', `${why} History comes from the internal /apiv2/jobs-listing API instead.`),
      sampleJobIds: page.jobs.filter((job) => !isOwnSql(job.sql)).map((job) => job.jobId),
    };
  } catch (error) {
    return {
      line: failed(
        'job-history',
        `${why} The /apiv2/jobs-listing fallback failed too: ${messageOf(error)}`,
        'Upgrade Dremio to 24.3 or later, or import the coordinator’s queries.json audit log instead of reading history live.',
      ),
      sampleJobIds: [],
    };
  }
}

const PROFILE_CANDIDATES = 5;

/**
 * Downloads the profile of a finished job from history (not one of ours: the product needs other
 * users' profiles). Jobs whose profile was cleaned up are skipped; the first few candidates are tried.
 */
export async function probeProfiles(
  connection: DremioConnection,
  jobIds: readonly string[],
): Promise<CheckLine> {
  const candidates = jobIds.slice(0, PROFILE_CANDIDATES);
  if (candidates.length === 0) {
    return skipped('profiles', 'Not checked: job history gave no finished job to take a profile from.');
  }
  const misses: string[] = [];
  try {
    for (const jobId of candidates) {
      const result = await fetchProfile(connection, { jobId, attempt: 0 });
      if (result.kind === 'found') {
        return passed(
          'profiles',
          `The profile of job ${jobId} downloads (${result.bytes} bytes via ${result.via}).`,
        );
      }
      misses.push(`${jobId}: ${result.detail}`);
    }
  } catch (error) {
    return failed('profiles', `Cannot download profiles: ${messageOf(error)}`, fixFor(error));
  }
  return failed(
    'profiles',
    `No profile for ${misses.length} finished job(s) from history (${misses.join('; ')})`,
    connection.cloud
      ? `Check that ${connection.cloudAppOrigin} is reachable from here: Cloud serves profiles from the app host.`
      : 'Give the user access to other users’ job profiles: connect as an admin, or GRANT VIEW JOB HISTORY ON SYSTEM TO USER "<user>".',
  );
}

export async function probeReflections(
  connection: DremioConnection,
  deployment: DremioDeployment,
): Promise<CheckLine> {
  const via = deployment.reflectionSource === 'rest' ? 'GET /reflection' : deployment.reflectionsTable;
  try {
    const reflections = await listReflections(connection, deployment);
    return passed('reflections', `${reflections.length} reflection(s) listed via ${via}.`);
  } catch (error) {
    return failed('reflections', `Cannot list reflections via ${via}: ${messageOf(error)}`, fixFor(error));
  }
}

export async function probeCatalog(connection: DremioConnection): Promise<CheckLine> {
  const path = connection.restPath('/catalog');
  try {
    const roots = parseResponse(catalogListSchema, {
      body: await connection.getJson(path),
      endpoint: `GET ${path}`,
    });
    return passed('catalog', `${roots.data?.length ?? 0} top-level source(s) and space(s) are visible.`);
  } catch (error) {
    return failed('catalog', `Cannot read the catalog: ${messageOf(error)}`, fixFor(error));
  }
}

export async function probeInformationSchema(connection: DremioConnection): Promise<CheckLine> {
  try {
    await collectSql(connection, 'SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA."TABLES" LIMIT 1');
    return passed('information-schema', 'INFORMATION_SCHEMA."TABLES" is readable.');
  } catch (error) {
    return failed('information-schema', `Cannot read INFORMATION_SCHEMA: ${messageOf(error)}`, fixFor(error));
  }
}

/** A dataset path as Dremio's metadata functions take it: dotted, parts with dots or quotes quoted. */
export function pathLiteral(path: readonly string[]): string {
  const dotted = path.map((part) =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? part : `"${part.replaceAll('"', '""')}"`,
  );
  return `'${dotted.join('.').replaceAll("'", "''")}'`;
}

/** Finds one Iceberg table among the first catalog entries and reads its snapshots. */
export async function probeIcebergMetadata(
  connection: DremioConnection,
  options: { maxEntities: number },
): Promise<CheckLine> {
  let tablePath: readonly string[] | undefined;
  try {
    for await (const dataset of walkCatalog(connection, {
      maxEntities: options.maxEntities,
      onError: () => {},
    })) {
      if (dataset.format?.toLowerCase() === 'iceberg') {
        tablePath = dataset.path;
        break;
      }
    }
    if (!tablePath) {
      return skipped(
        'iceberg-metadata',
        `No Iceberg table among the first ${options.maxEntities} catalog entries.`,
      );
    }
    const sql = `SELECT snapshot_id FROM TABLE(table_snapshot(${pathLiteral(tablePath)})) LIMIT 1`;
    await collectSql(connection, sql);
    return passed('iceberg-metadata', `table_snapshot() works on ${tablePath.join('.')}.`);
  } catch (error) {
    const where = tablePath ? ` on ${tablePath.join('.')}` : '';
    return failed(
      'iceberg-metadata',
      `Cannot read Iceberg metadata${where}: ${messageOf(error)}`,
      fixFor(error),
    );
  }
}
