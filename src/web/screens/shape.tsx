import type uPlot from 'uplot';
import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { Badge } from '../components/badge.js';
import { Chart, PALETTE, stackedBars } from '../components/chart.js';
import { CopyButton } from '../components/copy-button.js';
import { Async } from '../components/states.js';
import { Table } from '../components/table.js';
import { formatCount, formatMs, formatPerDay, formatTime } from '../format.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';
import './shapes.css';

/** Findings shown on a shape's page; each costs one more read for its recommendations. */
const FINDINGS = 10;

const loadShape = (fp: string, cluster: string | undefined) =>
  unwrap(
    api.GET('/api/v1/fingerprints/{fp}', {
      params: { path: { fp }, query: cluster === undefined ? {} : { cluster } },
    }),
  );
type Shape = Awaited<ReturnType<typeof loadShape>>;

/** One query shape: how often and how long it runs against its baseline, where it slowed, and what to do. */
export function ShapeScreen({ where, params }: ScreenProps) {
  const fp = params[0] ?? '';
  const cluster = where.query.get('cluster') ?? undefined;
  const shape = useApi(() => loadShape(fp, cluster), [fp, cluster]);
  return (
    <div class="shape">
      <p>
        <Link href={href('/shapes', { cluster })}>All query shapes</Link>
      </p>
      <Async loaded={shape} what="the query shape">
        {(s) => (
          <>
            <dl class="facts">
              <dt>Fingerprint</dt>
              <dd>
                <code>{s.fingerprint}</code>
              </dd>
              <dt>Cluster</dt>
              <dd>{s.cluster}</dd>
              <dt>Runs shown</dt>
              <dd>
                {formatTime(s.from)} to {formatTime(s.to)}
              </dd>
            </dl>
            <Durations shape={s} />
            <RunsPerDay shape={s} />
            <ShapeSql shape={s} />
            <FindingsOnShape fp={s.fingerprint} cluster={s.cluster} />
          </>
        )}
      </Async>
    </div>
  );
}

/**
 * The normalised SQL when the store keeps it, else the text of its newest run as the API gives it
 * (the API redacts it when redaction is on): said which, since literals differ between runs.
 */
function ShapeSql({ shape: s }: { shape: Shape }) {
  const sql = s.normalizedSql ?? s.sampleSql;
  return (
    <section aria-labelledby="sql">
      <h2 id="sql">{s.normalizedSql === null ? 'SQL of its newest run' : 'Normalised SQL'}</h2>
      {sql === null ? (
        <p class="empty">No run of this shape kept its SQL text.</p>
      ) : (
        <>
          <pre class="sql">
            <code>{sql}</code>
          </pre>
          <CopyButton text={sql} label="Copy SQL" />
        </>
      )}
    </section>
  );
}

/** Whole days on the time axis: the series are daily, an hour tick would suggest otherwise. */
const DAY_AXIS: uPlot.Axis = {
  incrs: [86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400, 28 * 86_400],
  values: (_u, ticks) => ticks.map((t) => new Date(t * 1000).toISOString().slice(5, 10)),
};

function durationBaseline(s: Shape) {
  return s.baselines.find((b) => b.metric === 'duration_ms' && b.p50 !== null && b.p95 !== null);
}

function Durations({ shape: s }: { shape: Shape }) {
  const baseline = durationBaseline(s);
  const x = s.days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000);
  const dayOf = (iso: string | null) => (iso === null ? undefined : iso.slice(0, 10));
  const marks = s.days.map((d) => {
    const point = s.changePoints.find((c) => dayOf(c.at) === d.day);
    return point === undefined ? null : (point.afterMs ?? d.p95Ms ?? d.p50Ms);
  });
  const line = (label: string, color: string, dash?: number[]): uPlot.Series => ({
    label,
    stroke: color,
    width: 2,
    ...(dash === undefined ? {} : { dash }),
    value: (_u, v) => formatMs(v),
    spanGaps: true,
  });
  const series: uPlot.Series[] = [
    {},
    line('p50', PALETTE[0]!),
    line('p95', PALETTE[1]!),
    {
      label: 'Change point',
      stroke: PALETTE[3]!,
      fill: PALETTE[3]!,
      paths: () => null,
      points: { show: true, size: 12, width: 2 },
      value: (_u, v) => (v === null ? '—' : formatMs(v)),
    },
  ];
  const data: (number | null)[][] = [x, s.days.map((d) => d.p50Ms), s.days.map((d) => d.p95Ms), marks];
  const bands: uPlot.Band[] = [];
  if (baseline !== undefined) {
    series.push(line('baseline p50', PALETTE[2]!, [4, 4]), line('baseline p95', PALETTE[2]!, [4, 4]));
    data.push(
      x.map(() => baseline.p50),
      x.map(() => baseline.p95),
    );
    bands.push({ series: [5, 4], fill: 'rgba(63, 154, 90, 0.15)' });
  }
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    scales: { x: { time: true } },
    series,
    bands,
    axes: [DAY_AXIS, { values: (_u, ticks) => ticks.map((t) => formatMs(t)), size: 70 }],
  };
  const label = `Daily p50 and p95 duration from ${s.from.slice(0, 10)} to ${s.to.slice(0, 10)}${
    baseline === undefined
      ? ', no duration baseline'
      : `, against the baseline band ${formatMs(baseline.p50)} to ${formatMs(baseline.p95)}`
  }; ${s.changePoints.length} change point(s) marked; numbers in the table below`;
  return (
    <section aria-labelledby="durations">
      <h2 id="durations">Duration per day</h2>
      {s.days.length === 0 ? (
        <p class="empty">No run in this window.</p>
      ) : (
        <Chart label={label} options={options} data={data as uPlot.AlignedData} />
      )}
      <p>
        {baseline === undefined
          ? 'No duration baseline computed for this shape yet.'
          : `Baseline over ${baseline.windowDays} days (${formatCount(baseline.runCount)} runs): p50 ${formatMs(
              baseline.p50,
            )}, p95 ${formatMs(baseline.p95)} — the shaded band.`}
      </p>
      <h3>Regression change points</h3>
      {s.changePoints.length === 0 ? (
        <p class="empty">The regression detector found no shift in this shape's duration.</p>
      ) : (
        <ul class="change-points">
          {s.changePoints.map((c) => (
            <li key={c.findingId}>
              {formatTime(c.at)}: median {formatMs(c.beforeMs)} → {formatMs(c.afterMs)}{' '}
              <Badge value={c.status} />{' '}
              <Link href={`/findings/${encodeURIComponent(c.findingId)}`}>finding</Link>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Numbers per day</summary>
        <Table
          caption="Runs and durations per day"
          rows={s.days}
          rowKey={(d) => d.day}
          columns={[
            { header: 'Day', cell: (d) => d.day },
            { header: 'Runs', cell: (d) => formatCount(d.runs), numeric: true },
            { header: 'Failed', cell: (d) => formatCount(d.failed), numeric: true },
            { header: 'p50', cell: (d) => formatMs(d.p50Ms), numeric: true },
            { header: 'p95', cell: (d) => formatMs(d.p95Ms), numeric: true },
          ]}
        />
      </details>
    </section>
  );
}

function RunsPerDay({ shape: s }: { shape: Shape }) {
  if (s.days.length === 0) return null;
  const chart = stackedBars(
    s.days.map((d) => d.day),
    [
      { label: 'completed', values: s.days.map((d) => d.runs - d.failed) },
      { label: 'failed', values: s.days.map((d) => d.failed) },
    ],
    (v) => formatCount(v),
  );
  chart.options.axes = [DAY_AXIS, ...(chart.options.axes ?? []).slice(1)];
  const total = s.days.reduce((sum, d) => sum + d.runs, 0);
  return (
    <section aria-labelledby="runs">
      <h2 id="runs">Runs per day</h2>
      <Chart
        label={`Runs per day, completed and failed stacked: ${formatCount(total)} runs over ${s.days.length} days`}
        options={chart.options}
        data={chart.data}
        height={180}
      />
    </section>
  );
}

function FindingsOnShape({ fp, cluster }: { fp: string; cluster: string }) {
  const findings = useApi(async () => {
    const page = await unwrap(
      api.GET('/api/v1/findings', { params: { query: { cluster, subject: fp, limit: FINDINGS } } }),
    );
    // The list has no recommendation filter by shape: the findings' own pages name theirs.
    const details = await Promise.all(
      page.items.map((f) =>
        unwrap(api.GET('/api/v1/findings/{id}', { params: { path: { id: f.id }, query: { cluster } } })),
      ),
    );
    const recommendations = new Map(details.flatMap((d) => d.recommendations).map((r) => [r.id, r]));
    return { page, recommendations: [...recommendations.values()] };
  }, [fp, cluster]);
  return (
    <Async loaded={findings} what="findings">
      {({ page, recommendations }) => (
        <>
          <section aria-labelledby="findings">
            <h2 id="findings">Findings on this shape</h2>
            <Table
              caption="Findings whose subject is this query shape"
              rows={page.items}
              rowKey={(f) => f.id}
              empty="No finding names this shape."
              columns={[
                {
                  header: 'Finding',
                  cell: (f) => <Link href={`/findings/${encodeURIComponent(f.id)}`}>{f.title}</Link>,
                },
                { header: 'Detector', cell: (f) => f.detector },
                { header: 'Severity', cell: (f) => <Badge value={f.severity} /> },
                { header: 'Status', cell: (f) => <Badge value={f.status} /> },
                { header: 'At stake', cell: (f) => formatPerDay(f.impactMsPerDay), numeric: true },
              ]}
            />
            {page.nextCursor !== null && (
              <p>
                <Link href={href('/findings', { cluster, subject: fp })}>All findings on this shape</Link>
              </p>
            )}
          </section>
          <section aria-labelledby="recommendations">
            <h2 id="recommendations">Recommendations on it</h2>
            <Table
              caption="Recommendations that answer these findings"
              rows={recommendations}
              rowKey={(r) => r.id}
              empty="No recommendation answers these findings."
              columns={[
                {
                  header: 'Recommendation',
                  cell: (r) => <Link href={`/recommendations/${encodeURIComponent(r.id)}`}>{r.title}</Link>,
                },
                { header: 'Kind', cell: (r) => r.kind },
                { header: 'Status', cell: (r) => <Badge value={r.status} /> },
                { header: 'Net saving', cell: (r) => formatPerDay(r.netBenefitMsPerDay), numeric: true },
              ]}
            />
          </section>
        </>
      )}
    </Async>
  );
}
