import { z } from 'zod';
import { fingerprintSql as fingerprintOf } from '../sql/fingerprint.js';
import { defineService } from './service.js';

/**
 * The query shape of a statement, as collection stores it: jobs whose SQL differs only in literals,
 * spacing, comments or keyword case share it, so it finds the stored history of a query.
 */
export const fingerprintSql = defineService({
  name: 'sql.fingerprint',
  summary: 'The fingerprint (query shape) of a SQL statement and the normalised text it hashes',
  input: z.object({ sql: z.string().min(1).max(1_000_000).describe('One SQL statement') }),
  output: z.object({
    fingerprint: z.string().describe('16 hex digits; the `fingerprint` filter of the job search'),
    normalized: z.string().describe('The statement with literals replaced, spacing and case normalised'),
  }),
  async run(_deps, options) {
    const { fingerprint, normalized } = fingerprintOf(options.sql);
    return { fingerprint, normalized };
  },
});
