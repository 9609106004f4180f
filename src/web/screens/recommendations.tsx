import type { operations } from '../../api/openapi-types.js';
import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { Badge } from '../components/badge.js';
import { FilterBar, SelectFilter } from '../components/filters.js';
import { Pager } from '../components/pager.js';
import { Async } from '../components/states.js';
import { type Column, Table } from '../components/table.js';
import { formatPct, formatPerDay } from '../format.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';
import { useFilterChoices } from './findings-options.js';
import { pageSize } from './page-size.js';
import { RECOMMENDATION_KINDS, RECOMMENDATION_STATUSES } from './recommendation-options.js';

type RecommendationQuery = NonNullable<operations['recommendations.list']['parameters']['query']>;
type RecommendationRow =
  operations['recommendations.list']['responses'][200]['content']['application/json']['items'][number];

/** The URL's filters as the API's query; a value the API does not know is passed on for it to refuse. */
function queryOf(where: ScreenProps['where']): RecommendationQuery {
  const query: Record<string, string | number> = { limit: pageSize(where) };
  for (const name of ['cluster', 'kind', 'status', 'cursor']) {
    const value = where.query.get(name);
    if (value !== null && value !== '') query[name] = value;
  }
  return query as RecommendationQuery;
}

export function RecommendationsScreen({ where }: ScreenProps) {
  const choices = useFilterChoices();
  const search = where.query.toString();
  const list = useApi(
    () => unwrap(api.GET('/api/v1/recommendations', { params: { query: queryOf(where) } })),
    [search],
  );
  // The cluster is worth a column only where rows of several can meet.
  const manyClusters = (choices.data?.clusters.length ?? 0) > 1 && !where.query.has('cluster');
  const columns: readonly Column<RecommendationRow>[] = [
    {
      header: 'Recommendation',
      cell: (r) => (
        <Link href={href(`/recommendations/${encodeURIComponent(r.id)}`, { cluster: r.cluster })}>
          {r.title}
        </Link>
      ),
    },
    ...(manyClusters ? [{ header: 'Cluster', cell: (r: RecommendationRow) => r.cluster }] : []),
    { header: 'Kind', cell: (r) => r.kind },
    { header: 'Net saving', numeric: true, cell: (r) => formatPerDay(r.netBenefitMsPerDay) },
    { header: 'Estimated saving', numeric: true, cell: (r) => formatPerDay(r.estimatedSavingsMsPerDay) },
    { header: 'Confidence', numeric: true, cell: (r) => formatPct(r.confidence * 100, 0) },
    { header: 'Risk', cell: (r) => r.risk.level },
    { header: 'Severity', cell: (r) => <Badge value={r.severity} /> },
    { header: 'Status', cell: (r) => <Badge value={r.status} /> },
  ];
  return (
    <>
      <p class="muted">
        What to change, largest net saving per day (estimated saving less the cost of keeping the change)
        first. Without a status filter the list leaves out those the analysis closed.
      </p>
      <FilterBar>
        <SelectFilter
          where={where}
          name="cluster"
          label="Cluster"
          options={choices.data?.clusters ?? []}
          any="All clusters"
        />
        <SelectFilter where={where} name="kind" label="Kind" options={RECOMMENDATION_KINDS} any="Any kind" />
        <SelectFilter
          where={where}
          name="status"
          label="Status"
          options={RECOMMENDATION_STATUSES}
          any="Any but closed"
        />
      </FilterBar>
      <Async loaded={list} what="recommendations">
        {(page) => (
          <>
            <Table
              caption="Recommendations, largest net saving per day first"
              columns={columns}
              rows={page.items}
              rowKey={(r) => `${r.cluster}/${r.id}`}
              empty={
                search === ''
                  ? 'No recommendations yet: run an analysis and recommend.'
                  : 'No recommendation matches these filters.'
              }
            />
            <Pager where={where} nextCursor={page.nextCursor} />
          </>
        )}
      </Async>
    </>
  );
}
