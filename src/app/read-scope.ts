import { z } from 'zod';
import type { Cluster } from '../domain/cluster.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { findCluster, listClusters } from '../store/index.js';
import { decodeCursor, encodeCursor } from './page.js';
import type { AppDeps } from './service.js';
import { toWire } from './wire-json.js';

/** The `cluster` input of every read service. */
export const clusterField = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe('Cluster name as stored; absent: every cluster (lists) or the only one');

/** An ISO 8601 instant with its offset, as every time input is written. */
export const instantField = z.iso.datetime({ offset: true });

/** Nullable ISO instant in an output schema. */
export const instantOutput = z.string().describe('ISO 8601 instant, UTC');

/** The clusters a list service covers: the named one (NotFoundError when unknown) or every stored one. */
export async function clustersInScope(deps: AppDeps, name: string | undefined): Promise<readonly Cluster[]> {
  if (name === undefined) return listClusters(deps.store.db);
  const cluster = await findCluster(deps.store.db, name);
  if (cluster === undefined) throw clusterNotFound(name);
  return [cluster];
}

/**
 * The one cluster a single-cluster service works on: the named one, or the only stored one; with
 * several stored and none named, an InvalidInputError on `cluster` lists the names.
 */
export async function oneCluster(deps: AppDeps, name: string | undefined): Promise<Cluster> {
  if (name !== undefined) {
    const cluster = await findCluster(deps.store.db, name);
    if (cluster === undefined) throw clusterNotFound(name);
    return cluster;
  }
  const clusters = await listClusters(deps.store.db);
  if (clusters.length === 1) return clusters[0]!;
  const names = clusters.map((c) => c.name);
  throw new InvalidInputError(
    clusters.length === 0
      ? 'the store holds no cluster yet'
      : `the store holds several clusters (${names.join(', ')}): the cluster field must name one`,
    {
      problems: [
        {
          field: 'cluster',
          expected: clusters.length === 0 ? 'a collected or imported cluster' : `one of: ${names.join(', ')}`,
        },
      ],
    },
  );
}

export function clusterNotFound(name: string): NotFoundError {
  return new NotFoundError(`no cluster named "${name}" in the store`, {
    entity: 'cluster',
    id: name,
    field: 'cluster',
  });
}

/** A domain value in its JSON form, typed as the output schema's input (the schema documents the shape). */
export function wire<T>(value: unknown): T {
  return toWire(value) as T;
}

export type KeyPart = string | number | null;
export type Direction = 'asc' | 'desc';

function comparePart(a: KeyPart, b: KeyPart): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareKeys(
  a: readonly KeyPart[],
  b: readonly KeyPart[],
  order: readonly Direction[],
): number {
  for (let i = 0; i < order.length; i++) {
    const c = comparePart(a[i] ?? null, b[i] ?? null);
    if (c !== 0) return order[i] === 'desc' ? -c : c;
  }
  return 0;
}

/**
 * One keyset page of an in-memory list: sorted by `keyOf` in `order` (the last key part must make the
 * key unique), the items after the cursor's key, at most `limit`. For lists a store keeps small
 * (findings, recommendations, waivers, reflections, measurements, datasets per cluster).
 */
export function pageInMemory<T>(
  items: readonly T[],
  options: {
    readonly keyOf: (item: T) => readonly KeyPart[];
    readonly order: readonly Direction[];
    readonly limit: number;
    readonly cursor: string | undefined;
  },
): { items: T[]; nextCursor: string | null } {
  const keyed = items.map((item) => ({ item, key: options.keyOf(item) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key, options.order));
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, options.order.length);
  const rest =
    after === undefined ? keyed : keyed.filter((k) => compareKeys(k.key, after, options.order) > 0);
  const page = rest.slice(0, options.limit);
  const more = rest.length > options.limit;
  return {
    items: page.map((k) => k.item),
    nextCursor: more && page.length > 0 ? encodeCursor([...page[page.length - 1]!.key]) : null,
  };
}

/** Bigint counters from the store as JSON numbers. */
export function num(value: bigint | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
