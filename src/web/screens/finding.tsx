import { api, unwrap } from '../api.js';
import type { ScreenProps } from '../app.js';
import { Badge } from '../components/badge.js';
import { Evidence } from '../components/evidence.js';
import { ProfileBrief, useRepresentativeJob } from '../components/profile-brief.js';
import { Async, Empty } from '../components/states.js';
import { WaiveForm } from '../components/waive-form.js';
import { formatCount, formatPct, formatPerDay, formatTime } from '../format.js';
import { href, Link } from '../router.js';
import { useCan } from '../session-context.js';
import { useApi } from '../use-api.js';
import './findings.css';

/** Jobs listed on the page; the rest are one link away in the jobs list. */
const JOBS_SHOWN = 10;

export function FindingScreen({ where, params }: ScreenProps) {
  const id = params[0] ?? '';
  const cluster = where.query.get('cluster') ?? undefined;
  const query = cluster === undefined ? {} : { cluster };
  const finding = useApi(
    () => unwrap(api.GET('/api/v1/findings/{id}', { params: { path: { id }, query } })),
    [id, cluster],
  );
  const canWrite = useCan('write');
  return (
    <Async loaded={finding} what="the finding">
      {(f) => {
        const jobsLink =
          f.subject.kind === 'fingerprint' && typeof f.subject.fingerprint === 'string'
            ? href('/jobs', { cluster: f.cluster, fingerprint: f.subject.fingerprint })
            : href('/jobs', { cluster: f.cluster });
        return (
          <>
            <h2 class="finding-title">
              <Badge value={f.severity} /> {f.title}
            </h2>
            <dl class="facts">
              <dt>Status</dt>
              <dd>
                <Badge value={f.status} />
                {f.resolvedAt !== null && <> since {formatTime(f.resolvedAt)}</>}
              </dd>
              <dt>Detector</dt>
              <dd>{f.detector}</dd>
              <dt>Subject</dt>
              <dd>
                {f.subject.kind}: <code>{f.subjectKey}</code>
                {f.subject.kind === 'fingerprint' && typeof f.subject.fingerprint === 'string' && (
                  <>
                    {' '}
                    (
                    <Link
                      href={href(`/shapes/${encodeURIComponent(f.subject.fingerprint)}`, {
                        cluster: f.cluster,
                      })}
                    >
                      the query shape
                    </Link>
                    )
                  </>
                )}
              </dd>
              <dt>Cluster</dt>
              <dd>{f.cluster}</dd>
              <dt>Time at stake</dt>
              <dd>{formatPerDay(f.impactMsPerDay)}</dd>
              <dt>Confidence</dt>
              <dd>{formatPct(f.confidence * 100, 0)}</dd>
              <dt>Jobs</dt>
              <dd>{formatCount(f.jobCount)}</dd>
              <dt>Seen</dt>
              <dd>
                {formatTime(f.firstSeenAt)} – {formatTime(f.lastSeenAt)} ({formatCount(f.occurrences)}{' '}
                {f.occurrences === 1 ? 'analysis' : 'analyses'})
              </dd>
            </dl>

            <h2>Evidence</h2>
            <Evidence value={f.evidence} label="Evidence as stored" />

            <h2>Recommendations on it</h2>
            {f.recommendations.length === 0 ? (
              <Empty>No recommendation answers this finding.</Empty>
            ) : (
              <ul class="plain-list">
                {f.recommendations.map((r) => (
                  <li key={r.id}>
                    <Link href={href(`/recommendations/${encodeURIComponent(r.id)}`, { cluster: f.cluster })}>
                      {r.title}
                    </Link>{' '}
                    <Badge value={r.status} />{' '}
                    <span class="muted">net {formatPerDay(r.netBenefitMsPerDay)}</span>
                  </li>
                ))}
              </ul>
            )}

            <h2>Jobs behind it</h2>
            {f.jobIds.length === 0 ? (
              <Empty>The finding names no job.</Empty>
            ) : (
              <>
                <ul class="job-list">
                  {f.jobIds.slice(0, JOBS_SHOWN).map((job) => (
                    <li key={job}>
                      <Link href={href(`/jobs/${encodeURIComponent(job)}`, { cluster: f.cluster })}>
                        <code>{job}</code>
                      </Link>
                    </li>
                  ))}
                </ul>
                <p>
                  {f.jobIds.length > JOBS_SHOWN && (
                    <>
                      {formatCount(JOBS_SHOWN)} of {formatCount(f.jobIds.length)} shown.{' '}
                    </>
                  )}
                  <Link href={jobsLink}>
                    {f.subject.kind === 'fingerprint'
                      ? 'All jobs of this query shape'
                      : 'Jobs of this cluster'}
                  </Link>
                </p>
              </>
            )}

            <h2>A representative job's profile</h2>
            {f.jobIds.length === 0 ? (
              <Empty>No job to show a profile of.</Empty>
            ) : (
              <RepresentativeProfile cluster={f.cluster} jobIds={f.jobIds} />
            )}

            <h2>Waiver</h2>
            {f.waiver !== null ? (
              <p class="waiver" role="status">
                Waived: “{f.waiver.reason}”
                {f.waiver.until === null ? ', with no end' : `, until ${formatTime(f.waiver.until)}`} (waiver{' '}
                {f.waiver.id}).
              </p>
            ) : canWrite ? (
              <WaiveForm findingId={f.id} cluster={f.cluster} onWaived={finding.reload} />
            ) : (
              <p class="muted">Not waived. Waiving needs a key with the write scope.</p>
            )}
          </>
        );
      }}
    </Async>
  );
}

function RepresentativeProfile({ cluster, jobIds }: { cluster: string; jobIds: readonly string[] }) {
  const job = useRepresentativeJob(cluster, jobIds);
  return (
    <Async loaded={job} what="a job profile">
      {(found) =>
        found === null ? (
          <Empty>None of the first jobs behind it has a stored profile.</Empty>
        ) : (
          <ProfileBrief job={found} />
        )
      }
    </Async>
  );
}
