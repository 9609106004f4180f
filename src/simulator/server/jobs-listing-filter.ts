import type { SimJob } from '../world.js';

/** Query-type groups the UI filter accepts for `qt` (JobIndexKeys, dremio-api.md §3.2). */
const QUERY_TYPE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  UI: ['UI_RUN', 'UI_PREVIEW', 'UI_INITIAL_PREVIEW'],
  EXTERNAL: ['ODBC', 'JDBC', 'REST', 'FLIGHT', 'D2D'],
  ACCELERATION: ['ACCELERATOR_CREATE', 'ACCELERATOR_DROP', 'ACCELERATOR_EXPLAIN', 'ACCELERATOR_OPTIMIZE'],
  INTERNAL: [
    'UI_INTERNAL_PREVIEW',
    'UI_INTERNAL_RUN',
    'PREPARE_INTERNAL',
    'METADATA_REFRESH',
    'INTERNAL_ICEBERG_METADATA_DROP',
  ],
  DOWNLOAD: ['UI_EXPORT'],
};

export interface JobsListingFilter {
  /** Inclusive bounds on the start time (epoch ms) from `st=gt=`, `st=ge=`, `st=lt=`, `st=le=`. */
  readonly startMinMs: number;
  readonly startMaxMs: number;
  readonly test: (job: SimJob) => boolean;
}

const TERM = /^\(?\s*(\w+)\s*(==|=gt=|=ge=|=lt=|=le=)\s*(.+?)\s*\)?$/;

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/, '$1');
}

function equalityTest(key: string, values: readonly string[]): ((job: SimJob) => boolean) | string {
  switch (key) {
    case 'usr':
      return (job) => values.includes(job.user);
    case 'jst':
      return (job) => values.includes(job.finalState);
    case 'job':
      return (job) => values.includes(job.jobId);
    case 'qt': {
      const types = values.flatMap((v) => QUERY_TYPE_GROUPS[v] ?? [v]);
      return (job) => types.includes(job.queryType);
    }
    default:
      return `the simulator supports filter keys st, usr, jst, job and qt, not '${key}'`;
  }
}

/**
 * Parses the `filter` of `/apiv2/jobs-listing/v1.0`: terms joined by `;` (AND), each `key op value`
 * with `,` inside parentheses for OR. Returns an error message for what the simulator does not support.
 */
export function parseJobsListingFilter(filter: string): JobsListingFilter | string {
  let startMinMs = Number.NEGATIVE_INFINITY;
  let startMaxMs = Number.POSITIVE_INFINITY;
  const tests: ((job: SimJob) => boolean)[] = [];
  for (const term of filter.split(';').filter((t) => t.trim() !== '')) {
    const m = TERM.exec(term.trim());
    if (m === null) return `cannot read filter term '${term}'`;
    const [, key = '', op = '', rawValue = ''] = m;
    if (key === 'st' && op !== '==') {
      const ms = Number(unquote(rawValue));
      if (!Number.isFinite(ms)) return `st needs an epoch-ms number, got '${rawValue}'`;
      if (op === '=gt=') startMinMs = Math.max(startMinMs, ms + 1);
      if (op === '=ge=') startMinMs = Math.max(startMinMs, ms);
      if (op === '=lt=') startMaxMs = Math.min(startMaxMs, ms - 1);
      if (op === '=le=') startMaxMs = Math.min(startMaxMs, ms);
      continue;
    }
    if (op !== '==') return `only st supports range operators, not '${key}${op}'`;
    const test = equalityTest(
      key,
      rawValue.split(',').map((v) => unquote(v.trim())),
    );
    if (typeof test === 'string') return test;
    tests.push(test);
  }
  return { startMinMs, startMaxMs, test: (job) => tests.every((t) => t(job)) };
}
