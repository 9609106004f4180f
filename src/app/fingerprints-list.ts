import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { normalize } from '../sql/normalize.js';
import {
  fingerprintUsage,
  newestSqlOfFingerprints,
  openFindingsOfFingerprints,
} from '../store/fingerprint-usage-queries.js';
import { windowInput, windowOf } from './metrics.js';
import { decodeCursor, encodeCursor, pageInput } from './page.js';
import { iso, oneCluster } from './read-scope.js';
import { defineService } from './service.js';

const DAY_MS = 86_400_000;

export const fingerprintUsageOutput = z.object({
  fingerprint: z.string(),
  cluster: z.string(),
  normalizedSql: z
    .string()
    .nullable()
    .describe('As stored, else the normal form of the SQL text of its newest run; null when none has text'),
  runs: z.number().int().describe('Runs submitted in the window'),
  failed: z.number().int(),
  runsPerDay: z.number().describe('Runs / days of the window'),
  totalDurationMs: z.number().describe('Sum of the duration of its runs in the window'),
  sharePct: z.number().describe('Its total duration as % of that of every job of the cluster in the window'),
  p50Ms: z.number().nullable().describe('Duration of its completed runs'),
  p95Ms: z.number().nullable(),
  lastRunAt: z.string(),
  openFindings: z.number().int().describe('Open findings about this query shape (waived ones included)'),
});

export const listFingerprints = defineService({
  name: 'fingerprints.list',
  summary: 'Query shapes by their share of the total run time in a window, the largest first',
  input: z.object({
    ...windowInput,
    text: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe('Case-insensitive part of the normalised SQL or of the SQL text of one of its runs'),
    ...pageInput,
  }),
  output: z.object({
    cluster: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable().describe('Exclusive end; null when the store holds no job of the cluster'),
    items: z.array(fingerprintUsageOutput),
    nextCursor: z.string().nullable(),
  }),
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const window = await windowOf(deps, cluster, options);
    if (window === undefined)
      return { cluster: cluster.name, from: null, to: null, items: [], nextCursor: null };
    const rows = await fingerprintUsage(deps.store.db, {
      clusterId: cluster.id,
      ...window,
      ...(options.text === undefined ? {} : { text: options.text }),
      ...(options.cursor === undefined ? {} : { after: afterOf(options.cursor) }),
      limit: options.limit + 1,
    });
    const page = rows.slice(0, options.limit);
    const findings = await openFindingsOfFingerprints(
      deps.store.db,
      cluster.id,
      page.map((r) => r.fingerprint),
    );
    const missing = page.filter((r) => r.normalizedSql === null).map((r) => r.fingerprint);
    const samples = await newestSqlOfFingerprints(deps.store.db, cluster.id, missing);
    const days = (window.to.getTime() - window.from.getTime()) / DAY_MS;
    const last = page[page.length - 1];
    return {
      cluster: cluster.name,
      from: iso(window.from),
      to: iso(window.to),
      items: page.map((r) => ({
        fingerprint: r.fingerprint,
        cluster: cluster.name,
        normalizedSql: r.normalizedSql ?? normalizedOf(samples.get(r.fingerprint)),
        runs: r.runs,
        failed: r.failed,
        runsPerDay: r.runs / days,
        totalDurationMs: r.totalDurationMs,
        sharePct: r.windowDurationMs > 0 ? (100 * r.totalDurationMs) / r.windowDurationMs : 0,
        p50Ms: r.p50Ms,
        p95Ms: r.p95Ms,
        lastRunAt: iso(r.lastRunAt)!,
        openFindings: findings.get(r.fingerprint) ?? 0,
      })),
      nextCursor:
        rows.length > options.limit && last !== undefined
          ? encodeCursor([last.totalDurationMs, last.fingerprint])
          : null,
    };
  },
});

function normalizedOf(sqlText: string | undefined): string | null {
  return sqlText === undefined ? null : normalize(sqlText);
}

function afterOf(cursor: string): { totalDurationMs: number; fingerprint: string } {
  const [totalDurationMs, fingerprint] = decodeCursor(cursor, 2);
  if (typeof totalDurationMs !== 'number' || typeof fingerprint !== 'string')
    throw new InvalidInputError('cursor is not one this service returned', {
      problems: [{ field: 'cursor', value: cursor, expected: 'the nextCursor of a previous page' }],
    });
  return { totalDurationMs, fingerprint };
}
