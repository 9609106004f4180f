import type { DremioAuth } from './connection-options.js';
import type { TransportFailureReason } from './transport-failure.js';

/** Stable `DremioError.code` values the client raises; the CLI maps them to exit codes. */
export const DREMIO_ERROR_CODES = [
  'DREMIO_UNREACHABLE',
  'DREMIO_TLS',
  'DREMIO_TLS_CA_FILE',
  'DREMIO_TIMEOUT',
  'DREMIO_AUTH_FAILED',
  'DREMIO_FORBIDDEN',
  'DREMIO_NOT_FOUND',
  'DREMIO_PROJECT_NOT_FOUND',
  'DREMIO_UNAVAILABLE',
  'DREMIO_BAD_REQUEST',
  'DREMIO_BAD_RESPONSE',
  'DREMIO_SUBMIT_UNCERTAIN',
  'DREMIO_JOB_FAILED',
  'DREMIO_JOB_CANCELED',
  'DREMIO_QUERY_REJECTED',
  'DREMIO_DEADLINE',
  'DREMIO_ABORTED',
  'DREMIO_REQUEST_FAILED',
] as const;
export type DremioErrorCode = (typeof DREMIO_ERROR_CODES)[number];

export interface FailureAdvice {
  readonly code: DremioErrorCode;
  readonly hint: string;
}

export function adviceForTransport(reason: TransportFailureReason, origin: string): FailureAdvice {
  switch (reason) {
    case 'refused':
    case 'dns':
      return {
        code: 'DREMIO_UNREACHABLE',
        hint: `Nothing answers at ${origin}. Check DREMIO_URL (scheme, host and port, 9047 by default on Software).`,
      };
    case 'tls':
      return {
        code: 'DREMIO_TLS',
        hint: 'The server certificate is not trusted. Set DREMIO_TLS_CA_FILE to the PEM of the CA that signed it, or DREMIO_TLS_INSECURE=true on a test cluster only. If the server speaks plain HTTP, use http:// in DREMIO_URL.',
      };
    case 'timeout':
      return {
        code: 'DREMIO_TIMEOUT',
        hint: 'Dremio did not answer in time. Check the coordinator load, or raise the request timeout.',
      };
    case 'aborted':
      return { code: 'DREMIO_ABORTED', hint: 'The operation was cancelled.' };
    default:
      return {
        code: 'DREMIO_UNAVAILABLE',
        hint: `The connection to ${origin} broke. Check network stability and proxies between us and Dremio, then retry.`,
      };
  }
}

export function adviceForStatus(
  status: number,
  context: { auth: DremioAuth['kind']; cloud: boolean },
): FailureAdvice {
  if (status === 401) {
    return {
      code: 'DREMIO_AUTH_FAILED',
      hint:
        context.auth === 'pat'
          ? 'Dremio rejected the token. Check DREMIO_TOKEN: the personal access token may be wrong, expired or revoked. Dremio Software OSS has no personal access tokens; there, set DREMIO_USERNAME and DREMIO_PASSWORD instead.'
          : 'Dremio rejected the user name or password. Check DREMIO_USERNAME and DREMIO_PASSWORD.',
    };
  }
  if (status === 403) {
    return {
      code: 'DREMIO_FORBIDDEN',
      hint: 'The user may not read this. Grant it the needed privilege, or connect as an admin user.',
    };
  }
  if (status === 404) {
    return context.cloud
      ? {
          code: 'DREMIO_PROJECT_NOT_FOUND',
          hint: 'Dremio Cloud does not know this path. Check DREMIO_PROJECT_ID (Project Settings → General) and that DREMIO_URL is the API host of the project’s region.',
        }
      : { code: 'DREMIO_NOT_FOUND', hint: 'This Dremio version does not have this endpoint or object.' };
  }
  if (status === 429 || status >= 500) {
    return {
      code: 'DREMIO_UNAVAILABLE',
      hint: 'Dremio is overloaded or restarting. Retry later, or lower the request rate and concurrency.',
    };
  }
  return { code: 'DREMIO_BAD_REQUEST', hint: 'Dremio rejected the request; the message above says why.' };
}
