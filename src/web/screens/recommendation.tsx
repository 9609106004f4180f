import type { operations } from '../../api/openapi-types.js';
import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { Badge } from '../components/badge.js';
import { CopyButton } from '../components/copy-button.js';
import { Evidence } from '../components/evidence.js';
import { RecommendationActions } from '../components/recommendation-actions.js';
import { Async, Empty } from '../components/states.js';
import { type Column, Table } from '../components/table.js';
import { formatBytes, formatMs, formatPct, formatPerDay, formatTime } from '../format.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';
import './findings.css';

type Recommendation = operations['recommendations.get']['responses'][200]['content']['application/json'];
type HistoryRow = Recommendation['history'][number];

const HISTORY: readonly Column<HistoryRow>[] = [
  { header: 'When', cell: (h) => formatTime(h.at) },
  {
    header: 'Step',
    cell: (h) => (
      <>
        {h.fromStatus === null ? 'created as' : <Badge value={h.fromStatus} />}
        {h.fromStatus === null ? ' ' : ' → '}
        <Badge value={h.toStatus} />
      </>
    ),
  },
  { header: 'Who', cell: (h) => h.actor ?? <span class="muted">the analysis</span> },
  { header: 'Why', cell: (h) => h.reason ?? <span class="muted">—</span> },
];

export function RecommendationScreen({ where, params }: ScreenProps) {
  const id = params[0] ?? '';
  const cluster = where.query.get('cluster') ?? undefined;
  const query = cluster === undefined ? {} : { cluster };
  const rec = useApi(
    () => unwrap(api.GET('/api/v1/recommendations/{id}', { params: { path: { id }, query } })),
    [id, cluster],
  );
  return (
    <Async loaded={rec} what="the recommendation">
      {(r) => (
        <>
          <h2 class="finding-title">{r.title}</h2>
          <p>
            <Badge value={r.status} /> {r.severity !== null && <Badge value={r.severity} />}{' '}
            <span class="muted">
              {r.kind} on {r.target.kind} in {r.cluster}
            </span>
          </p>
          <dl class="facts">
            <dt>Net saving</dt>
            <dd>{formatPerDay(r.netBenefitMsPerDay)}</dd>
            <dt>Estimated saving</dt>
            <dd>
              {formatPerDay(r.estimatedSavingsMsPerDay)} <span class="muted">({r.method})</span>
            </dd>
            <dt>Cost</dt>
            <dd>
              {formatBytes(r.estimatedCost.storageBytes)} of storage,{' '}
              {formatPerDay(r.estimatedCost.refreshMsPerDay)} of refresh, {formatMs(r.estimatedCost.oneOffMs)}{' '}
              once
              <br />
              <span class="muted">{r.estimatedCost.basis}</span>
            </dd>
            <dt>Confidence</dt>
            <dd>{formatPct(r.confidence * 100, 0)}</dd>
            <dt>Risk</dt>
            <dd>
              {r.risk.level}: {r.risk.note}
            </dd>
            <dt>Created</dt>
            <dd>
              {formatTime(r.createdAt)}, updated {formatTime(r.updatedAt)}
            </dd>
          </dl>

          <h2>What to do</h2>
          <p>{r.action}</p>
          {r.sql === null ? (
            <p class="muted">This change is a setting or a client change: there is no statement to run.</p>
          ) : (
            <>
              <pre class="statement" data-testid="statement">
                <code>{r.sql}</code>
              </pre>
              <CopyButton text={r.sql} label="Copy the statement" />
            </>
          )}

          <h2>Why</h2>
          <p>{r.rationale}</p>
          <h3>Evidence</h3>
          <Evidence value={r.evidence} label="Evidence it rests on" />
          <h3>Findings it answers</h3>
          {r.findingIds.length === 0 ? (
            <Empty>It names no finding.</Empty>
          ) : (
            <ul class="plain-list">
              {r.findingIds.map((f) => (
                <li key={f}>
                  <Link href={href(`/findings/${encodeURIComponent(f)}`, { cluster: r.cluster })}>
                    <code>{f}</code>
                  </Link>
                </li>
              ))}
            </ul>
          )}

          <h2>Lifecycle</h2>
          <Table
            caption="Lifecycle: each status change with who and why"
            columns={HISTORY}
            rows={r.history}
            rowKey={(h) => `${h.at}-${h.toStatus}`}
          />
          <RecommendationActions rec={r} onChanged={rec.reload} />

          <h2>Measurement</h2>
          {r.latestMeasurementId === null ? (
            <Empty>
              Not measured yet: a measurement follows once the change is applied and enough runs come after
              it.
            </Empty>
          ) : (
            <MeasurementLine
              id={r.latestMeasurementId}
              cluster={r.cluster}
              estimated={r.estimatedSavingsMsPerDay}
            />
          )}
        </>
      )}
    </Async>
  );
}

function MeasurementLine({ id, cluster, estimated }: { id: number; cluster: string; estimated: number }) {
  const measurement = useApi(
    () =>
      unwrap(
        api.GET('/api/v1/measurements/{id}', { params: { path: { id: String(id) }, query: { cluster } } }),
      ),
    [id, cluster],
  );
  return (
    <Async loaded={measurement} what="the measurement">
      {(m) => (
        <p>
          <Link href={href(`/measurements/${id}`, { cluster })}>Measurement {id}</Link>:{' '}
          <Badge value={m.verdict} />{' '}
          {m.speedup !== null &&
            `speed-up ${m.speedup.estimate.toFixed(2)}× (${m.speedup.low.toFixed(2)}–${m.speedup.high.toFixed(2)}), `}
          {m.savedMsPerDay !== null &&
            `measured saving ${formatPerDay(m.savedMsPerDay)} against ${formatPerDay(estimated)} estimated. `}
          <span class="muted">{m.reason}</span>
        </p>
      )}
    </Async>
  );
}
