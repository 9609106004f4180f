/**
 * Why a request got no complete HTTP answer. The reason decides whether a retry is safe: only `refused`
 * proves a request never reached the server.
 */
export const TRANSPORT_FAILURE_REASONS = [
  'refused',
  'dns',
  'reset',
  'timeout',
  'truncated',
  'tls',
  'aborted',
  'other',
] as const;
export type TransportFailureReason = (typeof TRANSPORT_FAILURE_REASONS)[number];

export class TransportFailure extends Error {
  readonly reason: TransportFailureReason;

  constructor(reason: TransportFailureReason, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TransportFailure';
    this.reason = reason;
  }
}

const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|EPROTO/;

/** Maps a Node socket error to a reason; unknown codes are `other` and are not retried. */
export function classifyNodeError(error: unknown): TransportFailure {
  if (error instanceof TransportFailure) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const reason = reasonForCode(code, message);
  return new TransportFailure(reason, code ? `${code}: ${message}` : message, { cause: error });
}

function reasonForCode(code: string, message: string): TransportFailureReason {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'reset';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ABORT_ERR') return 'aborted';
  if (TLS_CODE.test(code) || /certificate|ssl|tls/i.test(message)) return 'tls';
  if (message === 'aborted' || code === 'ERR_STREAM_PREMATURE_CLOSE') return 'truncated';
  return 'other';
}
