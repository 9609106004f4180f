import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { listClusters } from '../store/index.js';
import { getWaiverRow, revokeWaiver } from '../store/waivers-repository.js';
import { defineService } from './service.js';
import { waiverItem, waiverOutput } from './waivers.js';

/**
 * Revokes a waiver: the findings it hid are reported again from the next read (their status is judged
 * live) and by the next analysis. The waiver's record stays, with who revoked it, when and why.
 */
export const revokeWaiverService = defineService({
  name: 'waivers.revoke',
  summary: 'Revoke a waiver: what it hid is reported again; its record is kept with the reason',
  input: z.object({
    id: z.coerce.number().int().positive().describe('Waiver id, as `waivers list` shows it'),
    reason: z.string().min(1).max(2000).describe('Why it no longer applies (kept with the waiver)'),
    actor: z.string().min(1).max(200).optional().describe('Who revokes (kept with the waiver)'),
  }),
  output: waiverOutput,
  async run(deps, input) {
    const id = BigInt(input.id);
    const revoked = await revokeWaiver(deps.store.db, { id, by: input.actor ?? null, reason: input.reason });
    const row = await getWaiverRow(deps.store.db, id);
    if (row === undefined)
      throw new NotFoundError(`no waiver ${input.id}`, {
        entity: 'waiver',
        id: String(input.id),
        field: 'id',
      });
    if (!revoked)
      throw new InvalidInputError(`waiver ${input.id} was already revoked`, {
        problems: [
          {
            field: 'id',
            value: String(input.id),
            expected: `a waiver not yet revoked (this one was revoked ${row.revoked_at?.toISOString()}${row.revoked_by === null ? '' : ` by ${row.revoked_by}`})`,
          },
        ],
      });
    const cluster =
      row.cluster_id === null
        ? null
        : ((await listClusters(deps.store.db)).find((c) => c.id === row.cluster_id)?.name ?? null);
    return waiverItem(row, cluster, undefined);
  },
});
