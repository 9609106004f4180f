import { DremioError } from '../errors.js';
import { parseLosslessJson } from '../json/lossless-json.js';
import type { DremioConnection } from './dremio-connection.js';
import { readProfileFromZip } from './support-zip.js';

export type ProfileFetchResult =
  | {
      readonly kind: 'found';
      /** The QueryProfile JSON, parsed losslessly (ids past 2^53 are bigint). */
      readonly raw: unknown;
      /** Size of the profile JSON text. */
      readonly bytes: number;
      readonly via: 'json' | 'zip';
    }
  | { readonly kind: 'not-found'; readonly jobId: string; readonly attempt: number; readonly detail: string };

export interface FetchProfileRequest {
  readonly jobId: string;
  /** 0-based, as `/apiv2/profiles/{id}.json?attempt=` and `profile_attempt_{N}.json` count. */
  readonly attempt: number;
  readonly signal?: AbortSignal;
  /** `zip` skips the raw JSON endpoint (e.g. where a proxy blocks it); Cloud always uses the ZIP. */
  readonly prefer?: 'json' | 'zip';
}

/**
 * Software: the raw `/apiv2/profiles/{id}.json` first, the support ZIP when that fails. Cloud has no
 * raw endpoint, so always the ZIP from the app host. A job without a profile (expired, never run)
 * is a `not-found` result, not an error.
 */
export async function fetchProfile(
  connection: DremioConnection,
  request: FetchProfileRequest,
): Promise<ProfileFetchResult> {
  if (!connection.cloud && request.prefer !== 'zip') {
    const viaJson = await fetchProfileJson(connection, request);
    if (viaJson.kind === 'found') return viaJson;
  }
  return fetchProfileZip(connection, request);
}

async function fetchProfileJson(
  connection: DremioConnection,
  request: FetchProfileRequest,
): Promise<ProfileFetchResult> {
  const path = `/apiv2/profiles/${encodeURIComponent(request.jobId)}.json`;
  try {
    const response = await connection.request({
      method: 'GET',
      path,
      query: { attempt: request.attempt },
      safety: 'read',
      allowStatuses: [404],
      ...(request.signal ? { signal: request.signal } : {}),
    });
    if (response.status === 404 || response.json === undefined)
      return notFound(request, `${path} answered 404`);
    return { kind: 'found', raw: response.json, bytes: response.body.length, via: 'json' };
  } catch (error) {
    if (error instanceof DremioError && isFinalForProfiles(error)) throw error;
    connection.logger.debug(
      { jobId: request.jobId, error: String(error) },
      'profile JSON failed; trying ZIP',
    );
    return notFound(request, String(error));
  }
}

/** Auth and cancellation failures would fail the ZIP just the same; do not try it. */
function isFinalForProfiles(error: DremioError): boolean {
  return ['DREMIO_AUTH_FAILED', 'DREMIO_ABORTED', 'DREMIO_UNREACHABLE', 'DREMIO_TLS'].includes(error.code);
}

async function fetchProfileZip(
  connection: DremioConnection,
  request: FetchProfileRequest,
): Promise<ProfileFetchResult> {
  const jobSegment = encodeURIComponent(request.jobId);
  const path = connection.cloud
    ? `/ui/projects/${encodeURIComponent(connection.projectId)}/support/${jobSegment}/download`
    : `/apiv2/support/${jobSegment}/download`;
  const maxTries = Math.max(1, connection.options.retry.maxAttempts);
  let lastProblem = '';
  for (let tryNumber = 1; tryNumber <= maxTries; tryNumber++) {
    const response = await connection.request({
      method: 'POST',
      path,
      ...(connection.cloud ? { origin: connection.cloudAppOrigin } : {}),
      accept: 'binary',
      safety: 'read',
      allowStatuses: [404],
      ...(request.signal ? { signal: request.signal } : {}),
    });
    if (response.status === 404) return notFound(request, `POST ${path} answered 404`);
    const entry = readProfileFromZip(response.body, request.attempt);
    if (entry.kind === 'missing') {
      return notFound(
        request,
        `the support ZIP has no profile_attempt_${request.attempt}.json (${entry.entries.join(', ')})`,
      );
    }
    if (entry.kind === 'found') return parseZipProfile(entry, { request, path });
    lastProblem = entry.message;
    connection.logger.warn({ jobId: request.jobId, tryNumber }, 'support ZIP was corrupt; downloading again');
  }
  throw new DremioError(`POST ${path} gave a corrupt ZIP ${maxTries} times: ${lastProblem}`, {
    endpoint: `POST ${path}`,
    code: 'DREMIO_BAD_RESPONSE',
    hint: 'A proxy may be cutting downloads short; check proxy body-size limits.',
  });
}

function parseZipProfile(
  entry: { text: string; bytes: number },
  at: { request: FetchProfileRequest; path: string },
): ProfileFetchResult {
  try {
    return { kind: 'found', raw: parseLosslessJson(entry.text), bytes: entry.bytes, via: 'zip' };
  } catch (cause) {
    throw new DremioError(
      `profile_attempt_${at.request.attempt}.json in the ZIP of job ${at.request.jobId} is not JSON`,
      { cause, endpoint: `POST ${at.path}`, code: 'DREMIO_BAD_RESPONSE' },
    );
  }
}

function notFound(request: FetchProfileRequest, detail: string): ProfileFetchResult {
  return { kind: 'not-found', jobId: request.jobId, attempt: request.attempt, detail };
}
