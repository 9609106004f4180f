import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { useClusterChoice } from '../components/cluster-choice.js';
import { FilterBar, SelectFilter, TextFilter } from '../components/filters.js';
import { Pager } from '../components/pager.js';
import { Async } from '../components/states.js';
import { type Column, Table } from '../components/table.js';
import { formatCount, formatMs, formatPct, formatTime } from '../format.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';
import './shapes.css';

const PAGE = 25;
const WINDOWS = [
  { value: '7', label: 'Last 7 days' },
  { value: '90', label: 'Last 90 days' },
];

const load = (query: Record<string, string | number | undefined>) =>
  unwrap(api.GET('/api/v1/fingerprints', { params: { query } }));
type Shape = Awaited<ReturnType<typeof load>>['items'][number];

/** Query shapes ranked by their share of the total run time, like pganalyze's top queries. */
export function ShapesScreen({ where }: ScreenProps) {
  const choice = useClusterChoice(where);
  return (
    <div class="shapes">
      <FilterBar>
        {choice.selector}
        <TextFilter where={where} name="text" label="SQL contains" placeholder="orders, GROUP BY …" />
        <SelectFilter where={where} name="days" label="Window" options={WINDOWS} any="Last 30 days" />
      </FilterBar>
      {choice.none}
      {choice.ready && <ShapeList where={where} cluster={choice.cluster} />}
    </div>
  );
}

function ShapeList({ where, cluster }: { where: ScreenProps['where']; cluster: string | undefined }) {
  const text = where.query.get('text') ?? undefined;
  const days = where.query.get('days') ?? undefined;
  const cursor = where.query.get('cursor') ?? undefined;
  const shapes = useApi(
    () => load({ cluster, text, days: days === undefined ? undefined : Number(days), cursor, limit: PAGE }),
    [cluster, text, days, cursor],
  );
  const columns: Column<Shape>[] = [
    {
      header: 'Query shape',
      cell: (s) => (
        <>
          <Link href={href(`/shapes/${encodeURIComponent(s.fingerprint)}`, { cluster: s.cluster })}>
            <code class="shape-sql">{s.normalizedSql ?? s.fingerprint}</code>
          </Link>
          {s.openFindings > 0 && (
            <div class="muted">
              {formatCount(s.openFindings)} open finding{s.openFindings === 1 ? '' : 's'}
            </div>
          )}
        </>
      ),
    },
    {
      header: 'Share of run time',
      numeric: true,
      cell: (s) => (
        <span class="share">
          <span class="share-bar" aria-hidden="true">
            <span style={{ width: `${Math.min(100, Math.max(0, s.sharePct))}%` }} />
          </span>
          {formatPct(s.sharePct)}
        </span>
      ),
    },
    { header: 'Total time', cell: (s) => formatMs(s.totalDurationMs), numeric: true },
    { header: 'Runs/day', cell: (s) => s.runsPerDay.toFixed(s.runsPerDay < 10 ? 1 : 0), numeric: true },
    { header: 'p50', cell: (s) => formatMs(s.p50Ms), numeric: true },
    { header: 'p95', cell: (s) => formatMs(s.p95Ms), numeric: true },
    { header: 'Failed', cell: (s) => formatCount(s.failed), numeric: true },
    { header: 'Last run', cell: (s) => formatTime(s.lastRunAt) },
  ];
  return (
    <Async loaded={shapes} what="query shapes">
      {(page) => (
        <>
          <p class="muted">
            {page.from === null
              ? 'No job stored for this cluster yet.'
              : `Cluster ${page.cluster}, jobs submitted from ${formatTime(page.from)} to ${formatTime(page.to)}.`}
          </p>
          <Table
            caption="Query shapes by share of total run time, the largest first"
            columns={columns}
            rows={page.items}
            rowKey={(s) => s.fingerprint}
            empty={
              text === undefined ? 'No query shape in this window.' : `No query shape matches “${text}”.`
            }
          />
          <Pager where={where} nextCursor={page.nextCursor} />
        </>
      )}
    </Async>
  );
}
