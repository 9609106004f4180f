import { sql } from 'kysely';
import type { Cluster, ClusterKind } from '../domain/cluster.js';
import type { Db } from './db-handle.js';

export interface ClusterInput {
  readonly name: string;
  readonly kind: ClusterKind;
  readonly url?: string | null;
  readonly projectId?: string | null;
  readonly version?: string | null;
  readonly edition?: string | null;
}

/** Finds the cluster by name or creates it; known facts (kind, URL, version) are refreshed, never blanked. */
export async function ensureCluster(db: Db, input: ClusterInput): Promise<Cluster> {
  const row = await db
    .insertInto('clusters')
    .values({
      name: input.name,
      kind: input.kind,
      url: input.url ?? null,
      project_id: input.projectId ?? null,
      version: input.version ?? null,
      edition: input.edition ?? null,
    })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        kind: sql<ClusterKind>`coalesce(nullif(excluded.kind, 'unknown'), clusters.kind)`,
        url: eb.fn.coalesce('excluded.url', 'clusters.url'),
        project_id: eb.fn.coalesce('excluded.project_id', 'clusters.project_id'),
        version: eb.fn.coalesce('excluded.version', 'clusters.version'),
        edition: eb.fn.coalesce('excluded.edition', 'clusters.edition'),
        updated_at: new Date(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCluster(row);
}

export async function findCluster(db: Db, name: string): Promise<Cluster | undefined> {
  const row = await db.selectFrom('clusters').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : toCluster(row);
}

export async function listClusters(db: Db): Promise<readonly Cluster[]> {
  const rows = await db.selectFrom('clusters').selectAll().orderBy('name').execute();
  return rows.map(toCluster);
}

function toCluster(row: {
  id: bigint;
  name: string;
  kind: ClusterKind;
  url: string | null;
  project_id: string | null;
  version: string | null;
  edition: string | null;
}): Cluster {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    url: row.url,
    projectId: row.project_id,
    version: row.version,
    edition: row.edition,
  };
}
