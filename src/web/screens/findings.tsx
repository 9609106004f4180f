import type { operations } from '../../api/openapi-types.js';
import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { Badge } from '../components/badge.js';
import { FilterBar, SelectFilter, TextFilter } from '../components/filters.js';
import { Pager } from '../components/pager.js';
import { Async } from '../components/states.js';
import { type Column, Table } from '../components/table.js';
import { formatCount, formatPerDay, formatTime } from '../format.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';
import { FINDING_STATUSES, SEVERITIES, useFilterChoices } from './findings-options.js';
import { pageSize } from './page-size.js';

type FindingQuery = NonNullable<operations['findings.list']['parameters']['query']>;
type FindingRow =
  operations['findings.list']['responses'][200]['content']['application/json']['items'][number];

/** The URL's filters as the API's query; a value the API does not know is passed on for it to refuse. */
function queryOf(where: ScreenProps['where']): FindingQuery {
  const query: Record<string, string | number> = { limit: pageSize(where) };
  for (const name of ['cluster', 'detector', 'severity', 'status', 'subject', 'cursor']) {
    const value = where.query.get(name);
    if (value !== null && value !== '') query[name] = value;
  }
  return query as FindingQuery;
}

export function FindingsScreen({ where }: ScreenProps) {
  const choices = useFilterChoices();
  const search = where.query.toString();
  const list = useApi(
    () => unwrap(api.GET('/api/v1/findings', { params: { query: queryOf(where) } })),
    [search],
  );
  // The cluster is worth a column only where rows of several can meet.
  const manyClusters = (choices.data?.clusters.length ?? 0) > 1 && !where.query.has('cluster');
  const columns: readonly Column<FindingRow>[] = [
    { header: 'Severity', cell: (f) => <Badge value={f.severity} /> },
    {
      header: 'Finding',
      cell: (f) => (
        <Link href={href(`/findings/${encodeURIComponent(f.id)}`, { cluster: f.cluster })}>{f.title}</Link>
      ),
    },
    ...(manyClusters ? [{ header: 'Cluster', cell: (f: FindingRow) => f.cluster }] : []),
    { header: 'Detector', cell: (f) => f.detector },
    { header: 'Subject', cell: (f) => <code class="subject">{f.subjectKey}</code> },
    { header: 'Impact', numeric: true, cell: (f) => formatPerDay(f.impactMsPerDay) },
    { header: 'Jobs', numeric: true, cell: (f) => formatCount(f.jobCount) },
    { header: 'Status', cell: (f) => <Badge value={f.status} /> },
    { header: 'Last seen', cell: (f) => <span class="nowrap">{formatTime(f.lastSeenAt)}</span> },
  ];
  return (
    <>
      <p class="muted">
        What each detector found, largest time at stake per day first. Filters and the page are in the
        address, so a link shows the same list.
      </p>
      <FilterBar>
        <SelectFilter
          where={where}
          name="cluster"
          label="Cluster"
          options={choices.data?.clusters ?? []}
          any="All clusters"
        />
        <SelectFilter
          where={where}
          name="detector"
          label="Detector"
          options={choices.data?.detectors ?? []}
          any="All detectors"
        />
        <SelectFilter
          where={where}
          name="severity"
          label="Severity"
          options={SEVERITIES}
          any="Any severity"
        />
        <SelectFilter
          where={where}
          name="status"
          label="Status"
          options={FINDING_STATUSES}
          any="Any status"
        />
        <TextFilter where={where} name="subject" label="Subject or title contains" placeholder="e.g. sales" />
      </FilterBar>
      <Async loaded={list} what="findings">
        {(page) => (
          <>
            <Table
              caption="Findings, largest impact per day first"
              columns={columns}
              rows={page.items}
              rowKey={(f) => `${f.cluster}/${f.id}`}
              empty={
                search === '' ? 'No findings yet: run an analysis.' : 'No finding matches these filters.'
              }
            />
            <Pager where={where} nextCursor={page.nextCursor} />
          </>
        )}
      </Async>
    </>
  );
}
