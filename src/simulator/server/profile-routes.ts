import { strToU8, type Zippable, zipSync } from 'fflate';
import { stringifyLosslessJson } from '../../json/lossless-json.js';
import type { SimJob } from '../world.js';
import type { Route, RouteContext } from './route.js';
import { bytesResponse, errorResponse, rawJsonResponse, type SimResponse } from './sim-response.js';
import { supportHeader } from './support-header.js';

function findJob(context: RouteContext, jobId: string): SimJob | undefined {
  return context.state.jobs.get(jobId)?.job ?? context.state.world.jobById(jobId);
}

/** `GET /apiv2/profiles/{jobId}.json?attempt=0`: the raw profile text (dremio-api.md §4.1). */
function profileJson(context: RouteContext): SimResponse {
  const file = context.params.file!;
  if (!file.endsWith('.json')) return errorResponse(404, `HTTP 404 Not Found`);
  const jobId = file.slice(0, -'.json'.length);
  const attemptText = context.query.get('attempt') ?? '0';
  if (!/^\d+$/.test(attemptText))
    return errorResponse(400, `attempt must be a non-negative integer, got '${attemptText}'`);
  const text = context.state.world.profileJson(jobId, Number(attemptText));
  if (text === undefined) {
    return errorResponse(404, `Unable to find profile for job ${jobId} attempt ${attemptText}.`);
  }
  return rawJsonResponse(200, text);
}

/** The support ZIP: `header.json` plus `profile_attempt_N.json` per attempt, with fixed timestamps. */
function supportDownload(context: RouteContext): SimResponse {
  const jobId = context.params.jobId!;
  const job = findJob(context, jobId);
  if (job === undefined) return errorResponse(404, `Could not find a job with id [${jobId}]`);
  const { world, spec } = context.state;
  const { header, submissionId } = supportHeader({ job, world, spec });
  const mtime = new Date(job.phases.finalState || job.submittedEpochMs);
  const files: Zippable = { 'header.json': [strToU8(stringifyLosslessJson(header)), { mtime }] };
  for (let attempt = 0; attempt < Math.max(1, job.attemptCount); attempt++) {
    const text = world.profileJson(jobId, attempt);
    if (text !== undefined) files[`profile_attempt_${attempt}.json`] = [strToU8(text), { mtime }];
  }
  return bytesResponse(200, zipSync(files, { level: 6 }), {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename="${submissionId}.zip"`,
  });
}

/** Software: `/apiv2/profiles/…` and `/apiv2/support/…`; Cloud: the app host's `/ui/projects/{pid}/support/…`. */
export function profileRoutes(kind: 'software' | 'cloud'): Route[] {
  if (kind === 'cloud') {
    return [
      {
        method: 'POST',
        pattern: '/ui/projects/:projectId/support/:jobId/download',
        auth: true,
        handler: supportDownload,
      },
    ];
  }
  return [
    { method: 'GET', pattern: '/apiv2/profiles/:file', auth: true, handler: profileJson },
    { method: 'POST', pattern: '/apiv2/support/:jobId/download', auth: true, handler: supportDownload },
  ];
}
