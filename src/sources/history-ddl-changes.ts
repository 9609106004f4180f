import { type Change, reflectionSubject } from '../domain/change.js';
import type { Reflection } from '../domain/reflection.js';
import type { DdlJob } from '../store/change-evidence-repository.js';
import { readDdlChange } from './ddl-change.js';
import { firstRefreshEnd, subjectOfReflection } from './reflection-changes.js';

/**
 * The changes the completed DDL jobs of history made, each dated exactly by its job's end. A reflection
 * created by a job is dated by its first refresh after the job, when the listing has one: it
 * accelerates nothing before, and the listing dates it the same way, so both records agree. A DROP
 * that names the reflection by id is told by the name the store knows for that id. Pure.
 */
export function historyDdlChanges(jobs: readonly DdlJob[], reflections: readonly Reflection[]): Change[] {
  const bySubject = new Map(reflections.map((r) => [subjectOfReflection(r), r]));
  const byId = new Map(reflections.map((r) => [r.reflectionId, r]));
  const changes: Change[] = [];
  for (const job of jobs) {
    const ddl = readDdlChange(job.sqlText);
    if (ddl === undefined) continue;
    let subject = ddl.subject;
    let at = job.endedAt;
    const details: Record<string, unknown> = job.userName === null ? {} : { user: job.userName };
    if (ddl.kind === 'reflection-dropped' && ddl.reflectionName !== null) {
      const named = byId.get(ddl.reflectionName);
      if (named !== undefined) {
        subject = reflectionSubject(ddl.datasetPath, named.name ?? named.reflectionId);
        details.reflectionId = named.reflectionId;
      } else {
        const r = bySubject.get(subject);
        if (r !== undefined) details.reflectionId = r.reflectionId;
      }
    }
    if (ddl.kind === 'reflection-created') {
      const r = bySubject.get(subject);
      if (r !== undefined) {
        at = firstRefreshEnd(r.refreshes, job.endedAt) ?? at;
        details.reflectionId = r.reflectionId;
      }
    }
    changes.push({
      kind: ddl.kind,
      subject,
      datasetPath: ddl.datasetPath,
      effectiveFrom: at,
      effectiveTo: at,
      origin: 'detected',
      statement: job.sqlText,
      jobId: job.jobId,
      recommendationId: null,
      details,
    });
  }
  return changes;
}
