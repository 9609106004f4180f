import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { Badge } from '../components/badge.js';
import { FilterBar, SelectFilter } from '../components/filters.js';
import { Pager } from '../components/pager.js';
import { Async } from '../components/states.js';
import { type Column, Table } from '../components/table.js';
import { formatBytes, formatCount, formatMs, formatPerDay, formatTime } from '../format.js';
import { href, Link, type Location } from '../router.js';
import { useApi } from '../use-api.js';
import './reflections.css';

type Ledger = Awaited<ReturnType<typeof loadLedger>>;
type LedgerEntry = Ledger['items'][number];
type Reflection = Awaited<ReturnType<typeof loadReflections>>['items'][number];

const PAGE_SIZE = 25;
const VERDICTS = ['keep', 'review', 'drop'] as const;
type Verdict = (typeof VERDICTS)[number];
const WINDOWS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
];

const param = (where: Location, name: string) => where.query.get(name) ?? undefined;

function loadLedger(where: Location, cluster: string) {
  const days = Number(param(where, 'days') ?? Number.NaN);
  const verdict = param(where, 'verdict');
  return unwrap(
    api.GET('/api/v1/reflections/ledger', {
      params: {
        query: {
          cluster,
          ...(Number.isInteger(days) ? { days } : {}),
          ...(VERDICTS.includes(verdict as Verdict) ? { verdict: verdict as Verdict } : {}),
        },
      },
    }),
  );
}

function loadReflections(where: Location) {
  const cluster = param(where, 'cluster');
  const cursor = param(where, 'cursor');
  return unwrap(
    api.GET('/api/v1/reflections', {
      params: {
        query: {
          limit: PAGE_SIZE,
          ...(cluster === undefined ? {} : { cluster }),
          ...(cursor === undefined ? {} : { cursor }),
        },
      },
    }),
  );
}

const LEDGER_COLUMNS: readonly Column<LedgerEntry>[] = [
  {
    header: 'Reflection',
    cell: (e) => (
      <>
        {e.name ?? <code>{e.reflectionId}</code>}
        <div class="muted">{e.datasetPath ?? '—'}</div>
      </>
    ),
  },
  { header: 'Refresh cost', numeric: true, cell: (e) => formatPerDay(e.refreshMsPerDay) },
  { header: 'Measured saving', numeric: true, cell: (e) => formatPerDay(e.savedMsPerDay) },
  { header: 'Net', numeric: true, cell: (e) => formatPerDay(e.netMsPerDay) },
  {
    header: 'Saving from',
    cell: (e) =>
      e.measurementId !== null ? (
        <Link href={`/measurements/${e.measurementId}`}>measurement {e.measurementId}</Link>
      ) : e.savingBasis === 'none' ? (
        'not measured'
      ) : (
        e.savingBasis
      ),
  },
  {
    header: 'Jobs chosen / compared',
    numeric: true,
    cell: (e) => `${formatCount(e.chosenJobs)} / ${formatCount(e.comparedJobs)}`,
  },
  { header: 'Footprint', numeric: true, cell: (e) => formatBytes(e.footprintBytes) },
  {
    header: 'Verdict',
    cell: (e) => (
      <>
        <Badge value={e.verdict} />
        <div class="muted">{e.reason}</div>
      </>
    ),
  },
];

const REFLECTION_COLUMNS: readonly Column<Reflection>[] = [
  {
    header: 'Reflection',
    cell: (r) => (
      <>
        {r.name ?? <code>{r.reflectionId}</code>}
        <div class="muted">{r.datasetPath ?? '—'}</div>
      </>
    ),
  },
  { header: 'Type', cell: (r) => r.type },
  {
    header: 'Status',
    cell: (r) => (
      <>
        {r.enabled === false ? 'disabled' : (r.status ?? '—')}
        {r.availabilityStatus !== null && <div class="muted">{r.availabilityStatus}</div>}
      </>
    ),
  },
  {
    header: 'Failures',
    numeric: true,
    cell: (r) => formatCount(r.failureCount),
  },
  {
    header: 'Last failure',
    cell: (r) =>
      r.lastFailureMessage === null ? (
        <span class="muted">—</span>
      ) : (
        <span class="failure">{r.lastFailureMessage}</span>
      ),
  },
  {
    header: 'Last refresh',
    cell: (r) => (
      <>
        {formatTime(r.lastRefreshAt)}
        {r.lastRefreshDurationMs !== null && (
          <div class="muted">took {formatMs(r.lastRefreshDurationMs)}</div>
        )}
      </>
    ),
  },
  { header: 'Size', numeric: true, cell: (r) => formatBytes(r.currentSizeBytes) },
  {
    header: 'Considered / matched / chosen',
    numeric: true,
    cell: (r) =>
      `${formatCount(r.consideredCount)} / ${formatCount(r.matchedCount)} / ${formatCount(r.chosenCount)}`,
  },
];

/** The ledger weighs one cluster's jobs: the URL's, or the only one; with several, the reader picks. */
function LedgerSection({ where, cluster }: { where: Location; cluster: string }) {
  const ledgerKey = ['days', 'verdict'].map((n) => where.query.get(n) ?? '').join('\u0000');
  const ledger = useApi(() => loadLedger(where, cluster), [cluster, ledgerKey]);
  return (
    <Async loaded={ledger} what="the ledger">
      {(l) => (
        <>
          <p class="muted">
            {l.from === null
              ? `No stored jobs of cluster ${l.cluster} yet, so nothing to weigh.`
              : `Jobs of cluster ${l.cluster} from ${formatTime(l.from)} to ${formatTime(l.to)}; largest cost without saving first.`}
          </p>
          <Table
            caption="Reflection ledger: refresh cost against measured saving"
            columns={LEDGER_COLUMNS}
            rows={l.items}
            rowKey={(e) => e.reflectionId}
            empty={
              where.query.has('verdict') ? 'No reflection has this verdict.' : 'The store has no reflections.'
            }
          />
        </>
      )}
    </Async>
  );
}

/**
 * The reflection ledger: what each reflection costs to keep fresh against the time it measurably
 * saves, with a verdict; below it every reflection Dremio reports, with its failures, a page at a time.
 */
export function ReflectionsScreen({ where }: ScreenProps) {
  const clusters = useApi(
    () => unwrap(api.GET('/api/v1/clusters', { params: { query: { limit: 100 } } })),
    [],
  );
  const listKey = ['cluster', 'cursor'].map((n) => where.query.get(n) ?? '').join('\u0000');
  const reflections = useApi(() => loadReflections(where), [listKey]);
  const names = clusters.data?.items.map((c) => c.name) ?? [];
  const chosen = param(where, 'cluster') ?? (names.length === 1 ? names[0] : undefined);
  return (
    <>
      <FilterBar>
        {names.length > 1 && (
          <SelectFilter where={where} name="cluster" label="Cluster" options={names} any="Choose a cluster" />
        )}
        <SelectFilter where={where} name="verdict" label="Verdict" options={VERDICTS} any="Any verdict" />
        <SelectFilter
          where={where}
          name="days"
          label="Jobs looked at"
          options={WINDOWS}
          any="30 days (default)"
        />
      </FilterBar>
      <section aria-labelledby="ledger">
        <h2 id="ledger">Ledger</h2>
        <Async loaded={clusters} what="clusters">
          {() =>
            chosen !== undefined ? (
              <LedgerSection where={where} cluster={chosen} />
            ) : names.length === 0 ? (
              <p class="empty">No cluster has been collected yet, so there is nothing to weigh.</p>
            ) : (
              <p class="empty">Choose a cluster above: the ledger weighs one cluster's jobs.</p>
            )
          }
        </Async>
      </section>
      <section aria-labelledby="all-reflections">
        <h2 id="all-reflections">Reflections, failures and use</h2>
        <Async loaded={reflections} what="reflections">
          {(page) => (
            <>
              <Table
                caption="Reflections by dataset, with refresh failures and how often queries used them"
                columns={REFLECTION_COLUMNS}
                rows={page.items}
                rowKey={(r) => `${r.cluster}/${r.reflectionId}`}
                empty="The store has no reflections."
              />
              <Pager where={where} nextCursor={page.nextCursor} />
            </>
          )}
        </Async>
      </section>
      <p class="muted">
        Refresh cost and saving are per day over the window; a measured saving comes from a before/after{' '}
        <Link href={href('/measurements')}>measurement</Link> of the reflection's creation.
      </p>
    </>
  );
}
