import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { Badge } from '../components/badge.js';
import { FilterBar, SelectFilter } from '../components/filters.js';
import { Pager } from '../components/pager.js';
import { Async } from '../components/states.js';
import { type Column, Table } from '../components/table.js';
import { formatCount, formatPerDay, formatTime } from '../format.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';
import { expectationOf, formatSpeedup } from './measurement-fields.js';

const PAGE = 25;
const VERDICTS = ['verified', 'no-effect', 'regressed', 'inconclusive'] as const;
type Verdict = (typeof VERDICTS)[number];

const load = (query: { cluster?: string; verdict?: Verdict; cursor?: string; limit: number }) =>
  unwrap(api.GET('/api/v1/measurements', { params: { query } }));
type Measurement = Awaited<ReturnType<typeof load>>['items'][number];

/** Did what we changed help: each measured change with its verdict, estimate next to measurement. */
export function MeasurementsScreen({ where }: ScreenProps) {
  const cluster = where.query.get('cluster') ?? undefined;
  const verdictParam = where.query.get('verdict') ?? undefined;
  const verdict = VERDICTS.find((v) => v === verdictParam);
  const cursor = where.query.get('cursor') ?? undefined;
  const measurements = useApi(
    () =>
      load({
        ...(cluster === undefined ? {} : { cluster }),
        ...(verdict === undefined ? {} : { verdict }),
        ...(cursor === undefined ? {} : { cursor }),
        limit: PAGE,
      }),
    [cluster, verdict, cursor],
  );
  const columns: Column<Measurement>[] = [
    {
      header: 'Change',
      cell: (m) => (
        <>
          <Link href={href(`/measurements/${m.id}`, { cluster: m.cluster })}>
            {m.change.kind} {m.change.subject}
          </Link>
          <div class="muted">from {formatTime(m.change.effectiveFrom)}</div>
        </>
      ),
    },
    { header: 'Verdict', cell: (m) => <Badge value={m.verdict} /> },
    {
      header: 'Recommendation',
      cell: (m) =>
        m.recommendationId === null ? (
          <span class="muted">made by hand</span>
        ) : (
          <Link href={`/recommendations/${encodeURIComponent(m.recommendationId)}`}>
            {m.recommendationKind ?? m.recommendationId}
          </Link>
        ),
    },
    { header: 'Speedup (interval)', cell: (m) => formatSpeedup(m.speedup), numeric: true },
    {
      header: 'Estimated',
      cell: (m) => formatPerDay(expectationOf(m)?.estimatedSavingsMsPerDay),
      numeric: true,
    },
    { header: 'Measured', cell: (m) => formatPerDay(m.savedMsPerDay), numeric: true },
    {
      header: 'Runs before / after',
      cell: (m) => `${formatCount(m.before.runs)} / ${formatCount(m.after.runs)}`,
      numeric: true,
    },
  ];
  return (
    <div class="measurements">
      <FilterBar>
        <SelectFilter where={where} name="verdict" label="Verdict" options={VERDICTS} />
      </FilterBar>
      <Async loaded={measurements} what="measurements">
        {(page) => (
          <>
            <Table
              caption="Measured changes, the newest first"
              columns={columns}
              rows={page.items}
              rowKey={(m) => `${m.cluster}/${m.id}`}
              empty={
                verdict === undefined
                  ? 'No change measured yet: mark a recommendation applied, let runs accumulate, then run measure.'
                  : `No measurement with the verdict ${verdict}.`
              }
            />
            <Pager where={where} nextCursor={page.nextCursor} />
          </>
        )}
      </Async>
    </div>
  );
}
