import { Fragment } from 'preact';
import type { operations } from '../../api/openapi-types.js';
import { api, unwrap } from '../api.js';
import { formatBytes, formatCount, formatMs } from '../format.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';

export type JobDetail = operations['jobs.get']['responses'][200]['content']['application/json'];

/** How many of a finding's jobs are asked for, one by one, before giving up on finding a profile. */
const PROFILE_TRIES = 5;

/**
 * The first of the jobs (in the finding's order) whose profile was fetched: profiles are fetched for a
 * budget of jobs only, so the first job may have none. Asked one at a time, stopping at the first hit.
 */
export function useRepresentativeJob(cluster: string, jobIds: readonly string[]) {
  return useApi(async () => {
    for (const id of jobIds.slice(0, PROFILE_TRIES)) {
      const job = await unwrap(
        api.GET('/api/v1/jobs/{id}', { params: { path: { id }, query: { cluster } } }),
      );
      if (job.profile !== null) return job;
    }
    // null, not undefined: the loader reads undefined as still loading.
    return null;
  }, [cluster, jobIds.join(',')]);
}

/** The parts of a stored profile summary this page reads; anything else stays in the job page. */
interface SummaryPart {
  readonly operators?: readonly {
    key: string;
    typeName: string;
    processNanos?: { sum?: number };
    recordsOut?: number;
    peakMemoryBytes?: number;
  }[];
  readonly spill?: { spilled?: boolean; totalBytes?: number; operatorKeys?: readonly string[] };
  readonly scans?: readonly unknown[];
  readonly acceleration?: { accelerated?: boolean };
}

const PHASES: readonly { key: keyof JobDetail['phases']; label: string }[] = [
  { key: 'pendingMs', label: 'Pending' },
  { key: 'metadataRetrievalMs', label: 'Metadata retrieval' },
  { key: 'planningMs', label: 'Planning' },
  { key: 'queuedMs', label: 'Queued' },
  { key: 'engineStartMs', label: 'Engine start' },
  { key: 'executionPlanningMs', label: 'Execution planning' },
  { key: 'startingMs', label: 'Starting' },
  { key: 'runningMs', label: 'Running' },
];

/** A short profile: where the time went (phases), the busiest operators, and spill. */
export function ProfileBrief({ job }: { job: JobDetail }) {
  const summary = (job.profile?.summary ?? {}) as SummaryPart;
  const operators = [...(summary.operators ?? [])]
    .sort((a, b) => (b.processNanos?.sum ?? 0) - (a.processNanos?.sum ?? 0))
    .slice(0, 5);
  const phases = PHASES.filter((p) => (job.phases[p.key] ?? 0) > 0);
  return (
    <div class="profile-brief">
      <p>
        Job{' '}
        <Link href={href(`/jobs/${encodeURIComponent(job.jobId)}`, { cluster: job.cluster })}>
          <code>{job.jobId}</code>
        </Link>{' '}
        by {job.userName ?? 'an unknown user'}: {job.state ?? 'unknown state'} in {formatMs(job.durationMs)}
        {job.accelerated === true ? ', accelerated by a reflection' : ''}.
      </p>
      <div class="grid-2">
        <div>
          <h3>Phases</h3>
          {phases.length === 0 ? (
            <p class="empty">No phase times were reported.</p>
          ) : (
            <dl class="facts">
              {phases.map((p) => (
                <Fragment key={p.key}>
                  <dt>{p.label}</dt>
                  <dd>{formatMs(job.phases[p.key])}</dd>
                </Fragment>
              ))}
            </dl>
          )}
          <h3>Spill</h3>
          <p>
            {summary.spill?.spilled === true
              ? `${formatBytes(summary.spill.totalBytes ?? 0)} spilled to disk by ${(summary.spill.operatorKeys ?? []).join(', ') || 'some operator'}.`
              : 'Nothing spilled to disk.'}
          </p>
        </div>
        <div>
          <h3>Busiest operators</h3>
          {operators.length === 0 ? (
            <p class="empty">The profile lists no operators.</p>
          ) : (
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">Operators by process time, busiest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Operator</th>
                    <th scope="col" class="num">
                      Process time
                    </th>
                    <th scope="col" class="num">
                      Rows out
                    </th>
                    <th scope="col" class="num">
                      Peak memory
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {operators.map((o) => (
                    <tr key={o.key}>
                      <td>
                        <code>{o.key}</code> {o.typeName}
                      </td>
                      <td class="num">{formatMs((o.processNanos?.sum ?? 0) / 1e6)}</td>
                      <td class="num">{formatCount(o.recordsOut)}</td>
                      <td class="num">{formatBytes(o.peakMemoryBytes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
