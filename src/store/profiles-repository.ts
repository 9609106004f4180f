import { sql } from 'kysely';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import type { Db } from './db-handle.js';
import { textSafeJson } from './text-safe-json.js';

export interface ProfileRow {
  readonly jobId: string;
  readonly attempt: number;
  readonly dremioVersion: string | null;
  readonly sizeBytes: number;
  /** The parsed summary; stored as JSONB and read back by analysis. */
  readonly summary: unknown;
  /** gzip of the raw profile text, when raw profiles are kept. */
  readonly rawGzip: Uint8Array | null;
  readonly source: string;
  readonly sourceRef: string | null;
}

/**
 * Stores a profile once per job and attempt. Storing the same profile again changes nothing; re-reading
 * the same source with a newer parser replaces the summary; a copy from another file never displaces
 * the first, so a job seen in several files settles on one profile.
 */
export async function upsertProfile(
  db: Db,
  clusterId: bigint,
  profile: ProfileRow,
): Promise<'inserted' | 'updated' | 'unchanged'> {
  const summary = textSafeJson(stringifyLosslessJson(profile.summary));
  const row = await db
    .insertInto('profiles')
    .values({
      cluster_id: clusterId,
      job_id: profile.jobId,
      attempt: profile.attempt,
      dremio_version: profile.dremioVersion,
      size_bytes: profile.sizeBytes,
      summary,
      raw_gzip: profile.rawGzip,
      source: profile.source,
      source_ref: profile.sourceRef,
    })
    .onConflict((oc) =>
      oc
        .columns(['cluster_id', 'job_id', 'attempt'])
        .doUpdateSet((eb) => ({
          summary: eb.ref('excluded.summary'),
          dremio_version: eb.ref('excluded.dremio_version'),
          raw_gzip: eb.fn.coalesce('excluded.raw_gzip', 'profiles.raw_gzip'),
          fetched_at: eb.ref('excluded.fetched_at'),
        }))
        .where(
          sql<boolean>`profiles.summary IS DISTINCT FROM excluded.summary AND profiles.source_ref IS NOT DISTINCT FROM excluded.source_ref`,
        ),
    )
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirst();
  if (row === undefined) return 'unchanged';
  return row.inserted ? 'inserted' : 'updated';
}

/** Job ids (with attempts) that already have a stored profile, so collection never fetches one twice. */
export async function listProfiledJobs(db: Db, clusterId: bigint): Promise<ReadonlySet<string>> {
  const rows = await db
    .selectFrom('profiles')
    .select(['job_id', 'attempt'])
    .where('cluster_id', '=', clusterId)
    .execute();
  return new Set(rows.map((r) => `${r.job_id}#${r.attempt}`));
}

export async function countProfiles(db: Db, clusterId: bigint): Promise<number> {
  const row = await db
    .selectFrom('profiles')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('cluster_id', '=', clusterId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
