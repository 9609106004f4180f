import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { Badge } from '../components/badge.js';
import { PALETTE } from '../components/chart.js';
import { Async } from '../components/states.js';
import { formatCount, formatMs, formatPerDay, formatTime } from '../format.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';
import {
  expectationOf,
  type FingerprintComparison,
  fingerprintsOf,
  formatSpeedup,
  type Side,
} from './measurement-fields.js';
import './measurement.css';

/** One measured change: the verdict with its interval, estimate vs measured, and each affected shape. */
export function MeasurementScreen({ where, params }: ScreenProps) {
  const id = params[0] ?? '';
  const cluster = where.query.get('cluster') ?? undefined;
  const measurement = useApi(
    () =>
      unwrap(
        api.GET('/api/v1/measurements/{id}', {
          params: { path: { id }, query: cluster === undefined ? {} : { cluster } },
        }),
      ),
    [id, cluster],
  );
  return (
    <div class="measurement">
      <p>
        <Link href={href('/measurements', { cluster })}>All measurements</Link>
      </p>
      <Async loaded={measurement} what="the measurement">
        {(m) => {
          const expectation = expectationOf(m);
          const shapes = fingerprintsOf(m);
          return (
            <>
              <section aria-labelledby="verdict">
                <h2 id="verdict">
                  Verdict: <Badge value={m.verdict} />
                </h2>
                <p id="verdict-reason">{m.reason}</p>
                <div class="cards">
                  <div class="card" id="card-speedup">
                    <div class="value">{formatSpeedup(m.speedup)}</div>
                    <div class="label">Speedup (before ÷ after, 95 % interval; above 1× is faster)</div>
                  </div>
                  <div class="card" id="card-estimated">
                    <div class="value">{formatPerDay(expectation?.estimatedSavingsMsPerDay)}</div>
                    <div class="label">Estimated saving (the recommendation's)</div>
                  </div>
                  <div class="card" id="card-measured">
                    <div class="value">{formatPerDay(m.savedMsPerDay)}</div>
                    <div class="label">
                      Measured saving
                      {expectation?.meetsExpectation === true
                        ? ' — meets the estimate'
                        : expectation?.meetsExpectation === false
                          ? ' — below the estimate'
                          : ''}
                    </div>
                  </div>
                </div>
                <dl class="facts">
                  <dt>Change</dt>
                  <dd>
                    {m.change.kind} <code>{m.change.subject}</code> ({m.change.origin})
                  </dd>
                  {m.change.statement !== null && (
                    <>
                      <dt>Statement</dt>
                      <dd>
                        <code>{m.change.statement}</code>
                      </dd>
                    </>
                  )}
                  <dt>Took effect</dt>
                  <dd>
                    {formatTime(m.change.effectiveFrom)} – {formatTime(m.change.effectiveTo)}
                  </dd>
                  <dt>Recommendation</dt>
                  <dd>
                    {m.recommendationId === null ? (
                      'none (made by hand)'
                    ) : (
                      <Link href={`/recommendations/${encodeURIComponent(m.recommendationId)}`}>
                        {m.recommendationKind ?? m.recommendationId}
                      </Link>
                    )}
                  </dd>
                  <dt>Before</dt>
                  <dd>{sideText(m.before, m.before.start, m.before.end)}</dd>
                  <dt>After</dt>
                  <dd>{sideText(m.after, m.after.start, m.after.end)}</dd>
                  <dt>p-value</dt>
                  <dd>{m.pValue === null ? '—' : m.pValue.toPrecision(2)}</dd>
                  {m.rollback !== null && (
                    <>
                      <dt>Rollback</dt>
                      <dd>
                        <code>{m.rollback}</code>
                      </dd>
                    </>
                  )}
                  <dt>Measured</dt>
                  <dd>
                    {formatTime(m.measuredAt)} on data up to {formatTime(m.dataEnd)}
                  </dd>
                </dl>
              </section>
              <section aria-labelledby="shapes">
                <h2 id="shapes">Before and after, per affected query shape</h2>
                <Legend />
                {shapes.length === 0 ? (
                  <p class="empty">No affected query shape ran on both sides of the change.</p>
                ) : (
                  <ShapeBars shapes={shapes} cluster={m.cluster} />
                )}
              </section>
            </>
          );
        }}
      </Async>
    </div>
  );
}

function sideText(side: Side, start: string, end: string): string {
  return `${formatCount(side.runs)} runs, ${formatTime(start)} – ${formatTime(end)}; p50 ${formatMs(
    side.p50Ms,
  )}, p95 ${formatMs(side.p95Ms)}`;
}

const BEFORE = PALETTE[9]!;
const AFTER = PALETTE[0]!;

function Legend() {
  return (
    <p class="legend-row">
      <span>
        <span class="swatch" style={{ background: BEFORE }} aria-hidden="true" />
        before
      </span>
      <span>
        <span class="swatch" style={{ background: AFTER }} aria-hidden="true" />
        after
      </span>
      <span>line: p10 to p90 (p50 to p95 in older measurements); box: p25 to p75; tick: median</span>
    </p>
  );
}

/**
 * Box-style bars from the stored quantiles, before and after on one scale per shape (shapes differ by
 * orders of magnitude; the comparison is within a shape), with the numbers written
 * beside each bar: the picture for the eye, the text for everyone.
 */
function ShapeBars({ shapes, cluster }: { shapes: readonly FingerprintComparison[]; cluster: string }) {
  const top = (s: Side) => s.p90Ms ?? s.p95Ms ?? s.p50Ms ?? 0;
  const bar = (side: Side, color: string, name: string, max: number) => {
    const pct = (v: number) => `${(v / max) * 100}%`;
    if (side.p50Ms === null) return <div class="qbar-row">{name}: no completed run</div>;
    const low = side.p10Ms ?? side.p50Ms;
    const high = side.p90Ms ?? side.p95Ms ?? side.p50Ms;
    const boxed =
      side.p25Ms !== null && side.p25Ms !== undefined && side.p75Ms !== null && side.p75Ms !== undefined;
    return (
      <div class="qbar-row">
        <span class="qbar-name">{name}</span>
        <span class="qbar-track" aria-hidden="true">
          <span
            class="qbar-whisker"
            style={{ left: pct(low), width: pct(Math.max(0, high - low)), background: color }}
          />
          {boxed && (
            <span
              class="qbar"
              style={{
                left: pct(side.p25Ms ?? 0),
                width: pct(Math.max(max * 0.005, (side.p75Ms ?? 0) - (side.p25Ms ?? 0))),
                background: color,
              }}
            />
          )}
          <span class="qbar-tick" style={{ left: pct(side.p50Ms) }} />
        </span>
        <span class="qbar-text">
          {boxed
            ? `p25 ${formatMs(side.p25Ms)}, median ${formatMs(side.p50Ms)}, p75 ${formatMs(side.p75Ms)}, p95 ${formatMs(side.p95Ms)}`
            : `median ${formatMs(side.p50Ms)}, p95 ${formatMs(side.p95Ms)}`}
          , {formatCount(side.runs)} runs
        </span>
      </div>
    );
  };
  return (
    <ul class="qbars">
      {shapes.map((s) => (
        <li key={s.fingerprint}>
          <div>
            <Link href={href(`/shapes/${encodeURIComponent(s.fingerprint)}`, { cluster })}>
              <code>{s.fingerprint}</code>
            </Link>{' '}
            <span class="muted">speedup {formatSpeedup(s.speedup)}</span>
          </div>
          {bar(s.before, BEFORE, 'before', Math.max(1, top(s.before), top(s.after)))}
          {bar(s.after, AFTER, 'after', Math.max(1, top(s.before), top(s.after)))}
        </li>
      ))}
    </ul>
  );
}
