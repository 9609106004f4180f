import type { Selectable } from 'kysely';
import { z } from 'zod';
import { listClusters } from '../store/index.js';
import { listWaiverRows } from '../store/read-queries.js';
import type { WaiversTable } from '../store/schema.js';
import { pageInput, pageOf } from './page.js';
import { clusterField, clustersInScope, instantField, iso, pageInMemory } from './read-scope.js';
import { defineService } from './service.js';

export const waiverOutput = z.object({
  id: z.number().int(),
  cluster: z.string().nullable().describe('null: applies to every cluster'),
  findingId: z.string().nullable(),
  detector: z.string().nullable().describe('A detector id or *, with pattern'),
  pattern: z.string().nullable().describe('Glob on the subject key'),
  reason: z.string(),
  until: z.string().nullable().describe('When it expires; null: never'),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable().describe('When it was revoked; null: not revoked'),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
  active: z
    .boolean()
    .describe(
      'Not revoked, and not expired at the instant given as at (every unrevoked waiver when at is absent)',
    ),
});

/** A stored waiver in its wire form, active as judged at `at` (no instant: only revocation counts). */
export function waiverItem(
  r: Selectable<WaiversTable>,
  clusterName: string | null,
  at: Date | undefined,
): z.input<typeof waiverOutput> {
  return {
    id: Number(r.id),
    cluster: clusterName,
    findingId: r.finding_id,
    detector: r.detector,
    pattern: r.pattern,
    reason: r.reason,
    until: iso(r.until),
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    revokedAt: iso(r.revoked_at),
    revokedBy: r.revoked_by,
    revokeReason: r.revoke_reason,
    active: r.revoked_at === null && (at === undefined || r.until === null || r.until > at),
  };
}

export const listWaivers = defineService({
  name: 'waivers.list',
  summary: 'Waivers of the cluster and the global ones, newest first',
  input: z.object({
    cluster: clusterField,
    at: instantField.optional().describe('Judge expiry at this instant'),
    active: z
      .enum(['true', 'false'])
      .or(z.boolean())
      .optional()
      .describe('Only waivers that are (true) or are not (false) active at the instant at'),
    ...pageInput,
  }),
  output: pageOf(waiverOutput),
  async run(deps, options) {
    const scope = options.cluster === undefined ? undefined : await clustersInScope(deps, options.cluster);
    const names = new Map((await listClusters(deps.store.db)).map((c) => [c.id, c.name]));
    const rows = await listWaiverRows(
      deps.store.db,
      scope === undefined ? {} : { clusterIds: scope.map((c) => c.id) },
    );
    const at = options.at === undefined ? undefined : new Date(options.at);
    const wanted =
      options.active === undefined ? undefined : options.active === true || options.active === 'true';
    const items = rows
      .map((r) => waiverItem(r, r.cluster_id === null ? null : (names.get(r.cluster_id) ?? null), at))
      .filter((w) => wanted === undefined || w.active === wanted);
    return pageInMemory(items, {
      keyOf: (w) => [w.id],
      order: ['desc'],
      limit: options.limit,
      cursor: options.cursor,
    });
  },
});
