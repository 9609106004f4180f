import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { Badge } from '../components/badge.js';
import { CopyButton } from '../components/copy-button.js';
import { Async } from '../components/states.js';
import { type Column, Table } from '../components/table.js';
import { formatBytes, formatCount, formatMs, formatTime } from '../format.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';
import { PhaseTimeline } from './job-phases.js';
import {
  type FragmentView,
  type OperatorView,
  type ProfileView,
  profileView,
  type RelationshipView,
  relationships,
  type ScanView,
  topOperators,
} from './profile-view.js';
import './jobs.css';

type JobDetail = Awaited<ReturnType<typeof loadJob>>;

function loadJob(id: string, cluster: string | undefined) {
  return unwrap(
    api.GET('/api/v1/jobs/{id}', {
      params: { path: { id }, query: cluster === undefined ? {} : { cluster } },
    }),
  );
}

const ms = (nanos: number) => nanos / 1e6;
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)}×` : '—');

const OPERATOR_COLUMNS: readonly Column<OperatorView>[] = [
  { header: 'Operator', cell: (o) => <code>{o.key}</code> },
  { header: 'Type', cell: (o) => o.subtypeName ?? o.typeName },
  { header: 'Process time', numeric: true, cell: (o) => formatMs(ms(o.processNanos.sum)) },
  { header: 'Wait time', numeric: true, cell: (o) => formatMs(ms(o.waitNanos.sum)) },
  { header: 'Rows in', numeric: true, cell: (o) => formatCount(o.recordsIn) },
  { header: 'Rows out', numeric: true, cell: (o) => formatCount(o.recordsOut) },
  { header: 'Threads', numeric: true, cell: (o) => formatCount(o.minorFragmentCount) },
  {
    header: 'Slowest thread ÷ median',
    numeric: true,
    cell: (o) => ratio(o.processNanos.max / Math.max(o.processNanos.median, 1)),
  },
  { header: 'Peak memory', numeric: true, cell: (o) => formatBytes(o.peakMemoryBytes) },
];

const SCAN_COLUMNS: readonly Column<ScanView>[] = [
  { header: 'Operator', cell: (s) => <code>{s.key}</code> },
  { header: 'Table', cell: (s) => (s.readsReflection ? `${s.table ?? '—'} (reflection)` : (s.table ?? '—')) },
  { header: 'Columns', numeric: true, cell: (s) => formatCount(s.columns.length) },
  { header: 'Rows read', numeric: true, cell: (s) => formatCount(s.recordsRead) },
  { header: 'Bytes read', numeric: true, cell: (s) => formatBytes(s.bytesRead) },
  { header: 'Data files', numeric: true, cell: (s) => formatCount(s.dataFiles) },
  {
    header: 'Row groups pruned',
    numeric: true,
    cell: (s) => (s.rowGroups > 0 ? `${formatCount(s.rowGroupsPruned)} of ${formatCount(s.rowGroups)}` : '—'),
  },
  {
    header: 'Partition pruning',
    cell: (s) => (s.hasPartitionFilter || s.hasPruneCondition ? 'yes' : 'no'),
  },
];

const FRAGMENT_COLUMNS: readonly Column<FragmentView>[] = [
  { header: 'Phase (major fragment)', cell: (f) => String(f.majorFragmentId).padStart(2, '0') },
  { header: 'Threads', numeric: true, cell: (f) => formatCount(f.minorFragmentCount) },
  { header: 'Duration', numeric: true, cell: (f) => formatMs(f.durationMs) },
  { header: 'Slowest ÷ median process time', numeric: true, cell: (f) => ratio(f.skew.processMaxOverMedian) },
  { header: 'Most ÷ median rows', numeric: true, cell: (f) => ratio(f.skew.recordsMaxOverMedian) },
];

function Facts({ job }: { job: JobDetail }) {
  return (
    <dl class="facts">
      <dt>Job id</dt>
      <dd>
        <code>{job.jobId}</code>
      </dd>
      <dt>State</dt>
      <dd>
        <Badge value={job.state} />
      </dd>
      <dt>User</dt>
      <dd>{job.userName ?? '—'}</dd>
      <dt>Submitted</dt>
      <dd>{formatTime(job.submittedAt)}</dd>
      <dt>Finished</dt>
      <dd>{formatTime(job.finalStateAt)}</dd>
      <dt>Duration</dt>
      <dd>{formatMs(job.durationMs)}</dd>
      <dt>Queue / engine</dt>
      <dd>
        {job.queueName ?? '—'} / {job.engine ?? '—'}
      </dd>
      <dt>Query type / client</dt>
      <dd>
        {job.queryType ?? '—'} / {job.client ?? '—'}
      </dd>
      <dt>Rows scanned / returned</dt>
      <dd>
        {formatCount(job.rowsScanned)} / {formatCount(job.rowsReturned)}
      </dd>
      <dt>Bytes scanned</dt>
      <dd>{formatBytes(job.bytesScanned)}</dd>
      <dt>CPU time / memory</dt>
      <dd>
        {formatMs(job.cpuTimeMs)} / {formatBytes(job.memoryAllocatedBytes)}
      </dd>
      <dt>Accelerated</dt>
      <dd>{job.accelerated === null ? '—' : job.accelerated ? 'yes' : 'no'}</dd>
      <dt>Datasets</dt>
      <dd>{job.queriedDatasets.length === 0 ? '—' : job.queriedDatasets.join(', ')}</dd>
      <dt>Query shape</dt>
      <dd>
        {job.fingerprint === null ? (
          '—'
        ) : (
          <Link href={href(`/shapes/${encodeURIComponent(job.fingerprint)}`, { cluster: job.cluster })}>
            {job.fingerprint}
          </Link>
        )}
      </dd>
      <dt>Cluster / source</dt>
      <dd>
        {job.cluster} / {job.source}
      </dd>
    </dl>
  );
}

/** CONSIDERED / MATCHED / CHOSEN per reflection, with names from the profile when it has them. */
function Reflections({
  stored,
  profile,
}: {
  stored: readonly RelationshipView[];
  profile: ProfileView | undefined;
}) {
  const names = new Map(profile?.reflections.map((r) => [r.reflectionId, r]) ?? []);
  const rows =
    stored.length > 0
      ? stored.map((r) => ({
          id: r.reflectionId,
          relationship: r.relationship,
          name: names.get(r.reflectionId)?.name,
        }))
      : (profile?.reflections ?? []).map((r) => ({
          id: r.reflectionId,
          relationship: r.chosen ? 'CHOSEN' : r.matched ? 'MATCHED' : 'CONSIDERED',
          name: r.name,
        }));
  const count = (what: string) => rows.filter((r) => r.relationship === what).length;
  return (
    <section aria-labelledby="job-reflections">
      <h2 id="job-reflections">Reflections</h2>
      {rows.length === 0 ? (
        <p class="empty">No reflection was considered for this job.</p>
      ) : (
        <>
          <p>
            {formatCount(rows.length)} considered, {formatCount(count('MATCHED') + count('CHOSEN'))} matched,{' '}
            {formatCount(count('CHOSEN'))} chosen.
          </p>
          <Table
            caption="Reflections considered for this job"
            columns={[
              { header: 'Reflection', cell: (r) => r.name ?? <code>{r.id}</code> },
              { header: 'Id', cell: (r) => <code>{r.id}</code> },
              { header: 'Relationship', cell: (r) => <Badge value={r.relationship} /> },
            ]}
            rows={rows}
            rowKey={(r) => r.id}
          />
        </>
      )}
    </section>
  );
}

function Profile({ view }: { view: ProfileView }) {
  const operators = topOperators(view, 10);
  const skewed = [...view.fragments]
    .sort((a, b) => b.skew.processMaxOverMedian - a.skew.processMaxOverMedian)
    .slice(0, 5);
  return (
    <>
      <section aria-labelledby="job-operators">
        <h2 id="job-operators">Top operators by process time</h2>
        <Table
          caption="The ten operators with the most process time"
          columns={OPERATOR_COLUMNS}
          rows={operators}
          rowKey={(o) => o.key}
          empty="The profile lists no operators."
        />
      </section>
      <section aria-labelledby="job-scans">
        <h2 id="job-scans">Scans and pruning</h2>
        <Table
          caption="Table scans with rows read and pruning"
          columns={SCAN_COLUMNS}
          rows={view.scans}
          rowKey={(s) => s.key}
          empty="The profile lists no scans."
        />
      </section>
      <section aria-labelledby="job-spill">
        <h2 id="job-spill">Spill</h2>
        {view.spill === undefined ? (
          <p class="empty">The profile summary has no spill figures.</p>
        ) : view.spill.spilled ? (
          <dl class="facts">
            <dt>Spilled in all</dt>
            <dd>{formatBytes(view.spill.totalBytes)}</dd>
            <dt>Hash aggregate / sort / hash join</dt>
            <dd>
              {formatBytes(view.spill.hashAggBytes)} / {formatBytes(view.spill.sortBytes)} /{' '}
              {formatBytes(view.spill.hashJoinBytes)}
            </dd>
            <dt>Operators</dt>
            <dd>{view.spill.operatorKeys.join(', ') || '—'}</dd>
          </dl>
        ) : (
          <p>Nothing spilled to disk.</p>
        )}
      </section>
      <section aria-labelledby="job-skew">
        <h2 id="job-skew">Skew</h2>
        <Table
          caption="Fragments with the most uneven work between threads"
          columns={FRAGMENT_COLUMNS}
          rows={skewed}
          rowKey={(f) => String(f.majorFragmentId)}
          empty="The profile lists no fragments."
        />
      </section>
      {view.warnings.length > 0 && (
        <details>
          <summary>What the profile summary could not read ({view.warnings.length})</summary>
          <ul>
            {view.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** One job as Dremio's job page and profile viewer show it, from the stored row and profile summary. */
export function JobScreen({ where, params }: ScreenProps) {
  const id = params[0] ?? '';
  const cluster = where.query.get('cluster') ?? undefined;
  const job = useApi(() => loadJob(id, cluster), [id, cluster]);
  return (
    <Async loaded={job} what="the job">
      {(j) => {
        const view = j.profile === null ? undefined : profileView(j.profile.summary);
        return (
          <>
            <p>
              <Link href={href('/jobs', { cluster })}>← Jobs</Link>
            </p>
            <Facts job={j} />
            {j.errorMessage !== null && (
              <section aria-labelledby="job-error" class="error">
                <h2 id="job-error">Error</h2>
                <pre>{j.errorMessage}</pre>
              </section>
            )}
            <section aria-labelledby="job-phases">
              <h2 id="job-phases">Phase timeline</h2>
              <PhaseTimeline phases={j.phases} />
            </section>
            <section aria-labelledby="job-sql">
              <h2 id="job-sql">SQL</h2>
              {j.sqlText === null ? (
                <p class="empty">The store has no SQL for this job.</p>
              ) : (
                <>
                  {(j.sqlRedacted || j.sqlTruncated) && (
                    <p class="muted">
                      {j.sqlRedacted ? 'Literals are redacted. ' : ''}
                      {j.sqlTruncated ? 'Dremio cut this text; the profile has the whole statement.' : ''}
                    </p>
                  )}
                  <pre class="job-sql">
                    <code>{j.sqlText}</code>
                  </pre>
                  <CopyButton text={j.sqlText} label="Copy SQL" />
                </>
              )}
            </section>
            <Reflections stored={relationships(j.reflectionRelationships)} profile={view} />
            <section aria-labelledby="job-profile">
              <h2 id="job-profile">Profile</h2>
              {j.profile === null || view === undefined ? (
                <p class="empty">
                  No profile was fetched for this job, so there are no operator, scan, spill or skew figures.
                  The collector fetches profiles for the slowest and failed jobs within its budget.
                </p>
              ) : (
                <p class="muted">
                  Attempt {j.profile.attempt + 1}, Dremio {j.profile.dremioVersion ?? 'version unknown'},
                  fetched {formatTime(j.profile.fetchedAt)} ({formatBytes(j.profile.sizeBytes)}).
                </p>
              )}
            </section>
            {view !== undefined && <Profile view={view} />}
          </>
        );
      }}
    </Async>
  );
}
