import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { Badge } from '../components/badge.js';
import { Chart, stackedBars } from '../components/chart.js';
import { type ClusterRow, useClusterChoice } from '../components/cluster-choice.js';
import { FilterBar } from '../components/filters.js';
import { Async } from '../components/states.js';
import { type Column, Table } from '../components/table.js';
import { formatAgo, formatCount, formatMs, formatPerDay, formatTime } from '../format.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';
import './overview.css';

/** Weeks of time at stake in the chart: enough to see a trend, few enough bars to read. */
const TREND_DAYS = 28;
const TOP = 5;
/** Series in the stacked chart: one colour each from the chart palette. */
const STACKED = 10;

type Finding = Awaited<ReturnType<typeof loadFindings>>['items'][number];
type Recommendation = Awaited<ReturnType<typeof loadRecommendations>>['items'][number];
type Changes = Awaited<ReturnType<typeof loadChanges>>['items'][number];

const q = (cluster: string | undefined) => (cluster === undefined ? {} : { cluster });

const loadFindings = (cluster: string | undefined) =>
  unwrap(api.GET('/api/v1/findings', { params: { query: { ...q(cluster), status: 'open', limit: TOP } } }));
const loadRecommendations = (cluster: string | undefined) =>
  unwrap(api.GET('/api/v1/recommendations', { params: { query: { ...q(cluster), limit: TOP } } }));
const loadChanges = (cluster: string | undefined) =>
  unwrap(api.GET('/api/v1/analysis/changes', { params: { query: { ...q(cluster), limit: TOP } } }));

/**
 * The morning page, in the order an administrator asks: what costs most time now, what changed since
 * the previous analysis, what to do, and whether what was done helped; collection health last.
 */
export function OverviewScreen({ where }: ScreenProps) {
  const choice = useClusterChoice(where);
  return (
    <div class="overview">
      {choice.selector !== null && <FilterBar>{choice.selector}</FilterBar>}
      {choice.none}
      {choice.ready && <Body cluster={choice.cluster} clusters={choice.clusters} />}
    </div>
  );
}

function Body({ cluster, clusters }: { cluster: string | undefined; clusters: readonly ClusterRow[] }) {
  return (
    <>
      <SummaryCards cluster={cluster} />
      <Trend cluster={cluster} />
      <div class="grid-2">
        <TopFindings cluster={cluster} />
        <TopRecommendations cluster={cluster} />
      </div>
      <SinceLastAnalysis cluster={cluster} />
      <CollectionHealth clusters={clusters} />
    </>
  );
}

function SummaryCards({ cluster }: { cluster: string | undefined }) {
  const metrics = useApi(
    () => unwrap(api.GET('/api/v1/metrics/summary', { params: { query: q(cluster) } })),
    [cluster],
  );
  const measured = useApi(
    () => unwrap(api.GET('/api/v1/measurements/summary', { params: { query: q(cluster) } })),
    [cluster],
  );
  return (
    <section aria-labelledby="now">
      <h2 id="now">Now</h2>
      <Async loaded={metrics} what="the summary">
        {(m) => (
          <div class="cards">
            <Card
              id="card-at-stake"
              value={formatPerDay(m.findings.timeAtStakeMsPerDay)}
              label="Time at stake (open findings)"
            />
            <Card
              id="card-open-findings"
              value={formatCount(m.findings.open)}
              label={`Open findings (${severityLine(m.findings.bySeverity)})`}
            />
            <Card
              id="card-pending-saving"
              value={formatPerDay(m.recommendations.pendingNetBenefitMsPerDay)}
              label="Net saving on offer (pending and accepted recommendations)"
            />
            <Async loaded={measured} what="measurements">
              {(s) => (
                <Card
                  id="card-measured"
                  value={formatPerDay(s.timeSavedMsPerDay)}
                  label={`Measured saving, ${formatCount(s.verdicts.verified ?? 0)} verified of ${formatCount(
                    s.totalMeasurements,
                  )} measured; estimated ${formatPerDay(
                    s.byKind.reduce((sum, k) => sum + k.estimatedSavingsMsPerDay, 0),
                  )}`}
                />
              )}
            </Async>
          </div>
        )}
      </Async>
    </section>
  );
}

function severityLine(bySeverity: Readonly<Record<string, number>>): string {
  const parts = ['critical', 'high', 'medium', 'low']
    .filter((s) => (bySeverity[s] ?? 0) > 0)
    .map((s) => `${bySeverity[s]} ${s}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function Card({ id, value, label }: { id: string; value: string; label: string }) {
  return (
    <div class="card" id={id}>
      <div class="value">{value}</div>
      <div class="label">{label}</div>
    </div>
  );
}

function Trend({ cluster }: { cluster: string | undefined }) {
  const trends = useApi(
    () =>
      unwrap(
        api.GET('/api/v1/metrics/time-at-stake', { params: { query: { ...q(cluster), days: TREND_DAYS } } }),
      ),
    [cluster],
  );
  return (
    <section aria-labelledby="trend">
      <h2 id="trend">Time at stake per day, by detector</h2>
      <Async loaded={trends} what="the trend">
        {(t) => {
          const detectors = [...new Set(t.days.flatMap((d) => Object.keys(d.timeAtStakeMs)))].sort();
          if (detectors.length === 0) return <p class="empty">No open finding names a job of these days.</p>;
          const totals = detectors
            .map((name) => ({
              name,
              total: t.days.reduce((sum, d) => sum + (d.timeAtStakeMs[name] ?? 0), 0),
            }))
            .sort((a, b) => b.total - a.total);
          // Past the palette's distinct colours the smallest detectors share one band: no colour repeats.
          const shown = totals.length > STACKED ? totals.slice(0, STACKED - 1) : totals;
          const rest = totals.slice(shown.length).map((r) => r.name);
          const series = shown.map(({ name }) => ({
            label: name,
            values: t.days.map((d) => d.timeAtStakeMs[name] ?? 0),
          }));
          if (rest.length > 0)
            series.push({
              label: `${rest.length} others`,
              values: t.days.map((d) => rest.reduce((sum, name) => sum + (d.timeAtStakeMs[name] ?? 0), 0)),
            });
          const chart = stackedBars(
            t.days.map((d) => d.day),
            series,
            formatMs,
          );
          const first = t.days[0]?.day;
          const last = t.days[t.days.length - 1]?.day;
          return (
            <>
              <Chart
                label={`Time at stake per day from ${first} to ${last}, stacked by detector; totals in the table below`}
                options={chart.options}
                data={chart.data}
              />
              <Table
                caption={`Time at stake by detector, ${first} to ${last}`}
                rows={totals}
                rowKey={(r) => r.name}
                columns={[
                  { header: 'Detector', cell: (r) => r.name },
                  {
                    header: `Total over ${t.days.length} days`,
                    cell: (r) => formatMs(r.total),
                    numeric: true,
                  },
                  {
                    header: 'Average per day',
                    cell: (r) => formatPerDay(r.total / t.days.length),
                    numeric: true,
                  },
                ]}
              />
            </>
          );
        }}
      </Async>
    </section>
  );
}

function TopFindings({ cluster }: { cluster: string | undefined }) {
  const findings = useApi(() => loadFindings(cluster), [cluster]);
  const columns: Column<Finding>[] = [
    {
      header: 'Finding',
      cell: (f) => (
        <>
          <Link href={`/findings/${encodeURIComponent(f.id)}`}>{f.title}</Link>
          <div class="muted why">
            {f.detector} · {formatCount(f.jobCount)} jobs · {f.subjectKey}
          </div>
        </>
      ),
    },
    { header: 'Severity', cell: (f) => <Badge value={f.severity} /> },
    { header: 'At stake', cell: (f) => formatPerDay(f.impactMsPerDay), numeric: true },
  ];
  return (
    <section aria-labelledby="top-findings">
      <h2 id="top-findings">Top findings by time at stake</h2>
      <Async loaded={findings} what="findings">
        {(page) => (
          <Table
            caption="The open findings with the most time at stake"
            columns={columns}
            rows={page.items}
            rowKey={(f) => f.id}
            empty="No open finding."
          />
        )}
      </Async>
      <p>
        <Link href={href('/findings', { status: 'open', cluster })}>All open findings</Link>
      </p>
    </section>
  );
}

function TopRecommendations({ cluster }: { cluster: string | undefined }) {
  const recommendations = useApi(() => loadRecommendations(cluster), [cluster]);
  const columns: Column<Recommendation>[] = [
    {
      header: 'Recommendation',
      cell: (r) => (
        <>
          <Link href={`/recommendations/${encodeURIComponent(r.id)}`}>{r.title}</Link>
          <div class="muted why">{r.kind}</div>
        </>
      ),
    },
    { header: 'Status', cell: (r) => <Badge value={r.status} /> },
    { header: 'Net saving', cell: (r) => formatPerDay(r.netBenefitMsPerDay), numeric: true },
  ];
  return (
    <section aria-labelledby="top-recommendations">
      <h2 id="top-recommendations">Top recommendations by net saving</h2>
      <Async loaded={recommendations} what="recommendations">
        {(page) => (
          <Table
            caption="The recommendations with the largest net saving"
            columns={columns}
            rows={page.items}
            rowKey={(r) => r.id}
            empty="No recommendation."
          />
        )}
      </Async>
      <p>
        <Link href={href('/recommendations', { cluster })}>All recommendations</Link>
      </p>
    </section>
  );
}

function SinceLastAnalysis({ cluster }: { cluster: string | undefined }) {
  const changes = useApi(() => loadChanges(cluster), [cluster]);
  return (
    <section aria-labelledby="changes">
      <h2 id="changes">Since the previous analysis</h2>
      <Async loaded={changes} what="changes">
        {(answer) => (
          <>
            {answer.items.map((c) => (
              <ChangesOfCluster key={c.cluster} changes={c} />
            ))}
          </>
        )}
      </Async>
    </section>
  );
}

function ChangesOfCluster({ changes: c }: { changes: Changes }) {
  if (c.latestAnalysisAt === null) return <p class="empty">No analysis of {c.cluster} yet.</p>;
  const lists = [
    { name: 'New', items: c.new, count: c.counts.new },
    { name: 'Regressed', items: c.regressed, count: c.counts.regressed },
    { name: 'Resolved', items: c.resolved, count: c.counts.resolved },
  ] as const;
  return (
    <>
      <p class="muted">
        Latest analysis {formatTime(c.latestAnalysisAt)}
        {c.previousAnalysisAt === null
          ? ' (the first: everything it found is new)'
          : `, compared with ${formatTime(c.previousAnalysisAt)}`}
        .
      </p>
      <div class="changes">
        {lists.map((l) => (
          <div key={l.name} class="change-list">
            <h3>
              {l.name}: <span class="change-count">{formatCount(l.count)}</span>
            </h3>
            {l.items.length === 0 ? (
              <p class="empty">None.</p>
            ) : (
              <ul>
                {l.items.map((f) => (
                  <li key={f.id}>
                    <Link href={`/findings/${encodeURIComponent(f.id)}`}>{f.title}</Link>{' '}
                    <span class="muted">{formatPerDay(f.impactMsPerDay)}</span>
                  </li>
                ))}
                {l.count > l.items.length && (
                  <li class="muted">and {formatCount(l.count - l.items.length)} more</li>
                )}
              </ul>
            )}
          </div>
        ))}
      </div>
    </>
  );
}

function CollectionHealth({ clusters }: { clusters: readonly ClusterRow[] }) {
  return (
    <section aria-labelledby="health">
      <h2 id="health">Collection health</h2>
      <Table
        caption="Per cluster: the newest collection run and the newest job stored"
        rows={clusters}
        rowKey={(c) => c.name}
        empty="No cluster stored yet: run collect or demo."
        columns={[
          { header: 'Cluster', cell: (c) => c.name },
          { header: 'Jobs stored', cell: (c) => formatCount(c.jobs), numeric: true },
          {
            header: 'Newest job',
            cell: (c) => (
              <>
                {formatTime(c.newestJobAt)} <span class="muted">({formatAgo(c.newestJobAt)})</span>
              </>
            ),
          },
          { header: 'Last collection', cell: (c) => <LastRun run={c.lastCollection} /> },
        ]}
      />
    </section>
  );
}

/** The newest collection run of a cluster, the lag shown by the reader's clock (display only). */
function LastRun({ run }: { run: ClusterRow['lastCollection'] }) {
  if (run === null) return <span class="muted">never</span>;
  return (
    <>
      <Badge value={run.status} /> {formatTime(run.startedAt)}{' '}
      <span class="muted">({formatAgo(run.finishedAt ?? run.startedAt)})</span>
      {run.jobsCollected !== null && <div class="muted">{formatCount(run.jobsCollected)} jobs stored</div>}
      {run.errors > 0 && <div class="error-line">{formatCount(run.errors)} items not collected</div>}
    </>
  );
}
