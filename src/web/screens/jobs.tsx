import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { Badge } from '../components/badge.js';
import { FilterBar, SelectFilter, TextFilter } from '../components/filters.js';
import { Pager } from '../components/pager.js';
import { Async } from '../components/states.js';
import { type Column, Table } from '../components/table.js';
import { formatBytes, formatCount, formatMs, formatTime } from '../format.js';
import { href, Link, type Location, navigate, withQuery } from '../router.js';
import { useApi } from '../use-api.js';
import { UtcTimeFilter } from './time-range-filter.js';
import './jobs.css';

type Job = Awaited<ReturnType<typeof searchJobs>>['items'][number];

const PAGE_SIZE = 50;
const FILTERS = ['cluster', 'from', 'to', 'user', 'queue', 'state', 'fingerprint', 'text'] as const;
const STATES = ['COMPLETED', 'FAILED', 'CANCELED'];
const SQL_CHARS = 90;

/** Windows a Dremio admin reaches for, counted back from the newest stored job (not this browser's clock). */
const PRESETS: readonly { label: string; ms: number }[] = [
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 h', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
];

function searchJobs(where: Location) {
  const query: Record<string, string | number> = { limit: PAGE_SIZE };
  for (const name of [...FILTERS, 'cursor']) {
    const value = where.query.get(name);
    if (value !== null && value !== '') query[name] = value;
  }
  return unwrap(api.GET('/api/v1/jobs', { params: { query } }));
}

/** The first line of the SQL, cut at a word near SQL_CHARS; the job page has all of it. */
export function sqlHeadline(sql: string | null): string {
  if (sql === null) return '';
  const first = sql.trim().split('\n')[0] ?? '';
  const more = first.length < sql.trim().length;
  if (first.length <= SQL_CHARS) return more ? `${first} …` : first;
  const cut = first.lastIndexOf(' ', SQL_CHARS);
  return `${first.slice(0, cut > SQL_CHARS / 2 ? cut : SQL_CHARS)} …`;
}

export function jobHref(job: { jobId: string; cluster: string }): string {
  return href(`/jobs/${encodeURIComponent(job.jobId)}`, { cluster: job.cluster });
}

function yesNo(value: boolean | null): string {
  return value === null ? '—' : value ? 'yes' : 'no';
}

const COLUMNS: readonly Column<Job>[] = [
  {
    header: 'Submitted (UTC)',
    cell: (j) => (
      <Link
        href={jobHref(j)}
        class="nowrap"
        aria-label={`job ${j.jobId}, submitted ${formatTime(j.submittedAt)}`}
      >
        {formatTime(j.submittedAt).replace(' UTC', '')}
      </Link>
    ),
  },
  { header: 'User', cell: (j) => j.userName ?? '—' },
  { header: 'State', cell: (j) => <Badge value={j.state} /> },
  { header: 'Duration', numeric: true, cell: (j) => formatMs(j.durationMs) },
  { header: 'Queue', cell: (j) => <span class="queue">{j.queueName ?? '—'}</span> },
  {
    header: 'SQL',
    cell: (j) =>
      j.sqlRedacted ? (
        <span class="muted">redacted</span>
      ) : (
        <code class="sql-line" title={j.sqlText ?? ''}>
          {sqlHeadline(j.sqlText)}
        </code>
      ),
  },
  { header: 'Rows scanned', numeric: true, cell: (j) => formatCount(j.rowsScanned) },
  { header: 'Bytes scanned', numeric: true, cell: (j) => formatBytes(j.bytesScanned) },
  { header: 'Accelerated', cell: (j) => yesNo(j.accelerated) },
];

/** Preset buttons: need the newest job of the cluster, so they show once it is known. */
function Presets({ where }: { where: Location }) {
  const cluster = where.query.get('cluster') ?? undefined;
  const newest = useApi(
    () =>
      unwrap(
        api.GET('/api/v1/jobs', {
          params: { query: { limit: 1, ...(cluster === undefined ? {} : { cluster }) } },
        }),
      ),
    [cluster],
  );
  const last = newest.data?.items[0]?.submittedAt;
  if (last === undefined) return null;
  const from = where.query.get('from');
  return (
    <fieldset class="presets">
      <legend class="visually-hidden">Time range, counted back from the newest job</legend>
      <span class="muted">
        Newest job: <time dateTime={last}>{formatTime(last)}</time>
      </span>
      {PRESETS.map((p) => {
        const start = new Date(Date.parse(last) - p.ms).toISOString();
        return (
          <button
            key={p.label}
            type="button"
            class="secondary"
            aria-pressed={from === start && !where.query.has('to')}
            onClick={() => navigate(withQuery(where, { from: start, to: undefined }))}
          >
            {p.label} of data
          </button>
        );
      })}
      <button
        type="button"
        class="secondary"
        aria-pressed={!where.query.has('from') && !where.query.has('to')}
        onClick={() => navigate(withQuery(where, { from: undefined, to: undefined }))}
      >
        All time
      </button>
    </fieldset>
  );
}

/** Dremio's Jobs page over the store: every filter is a query parameter, every page a keyset cursor. */
export function JobsScreen({ where }: ScreenProps) {
  const key = [...FILTERS, 'cursor'].map((n) => where.query.get(n) ?? '').join('\u0000');
  const jobs = useApi(() => searchJobs(where), [key]);
  return (
    <>
      <FilterBar>
        <UtcTimeFilter where={where} name="from" label="From (UTC)" />
        <UtcTimeFilter where={where} name="to" label="Before (UTC)" />
        <TextFilter where={where} name="user" label="User (exact)" />
        <TextFilter where={where} name="queue" label="Queue (exact)" />
        <SelectFilter where={where} name="state" label="State" options={STATES} any="Any state" />
        <TextFilter where={where} name="text" label="SQL contains" />
        <TextFilter where={where} name="fingerprint" label="Query shape" />
      </FilterBar>
      <Presets where={where} />
      <Async loaded={jobs} what="jobs">
        {(page) => (
          <section aria-labelledby="jobs-list">
            <h2 id="jobs-list">
              {page.items.length === 0
                ? 'No jobs'
                : `Jobs ${where.query.has('cursor') ? '(a later page)' : ''}`}
            </h2>
            <p class="muted">
              Newest first, {PAGE_SIZE} a page. Times are UTC; durations from submission to final state.
            </p>
            <Table
              caption="Jobs matching the filters, newest first"
              columns={COLUMNS}
              rows={page.items}
              rowKey={(j) => `${j.cluster}/${j.jobId}`}
              empty="No stored job matches these filters."
            />
            <Pager where={where} nextCursor={page.nextCursor} />
          </section>
        )}
      </Async>
    </>
  );
}
