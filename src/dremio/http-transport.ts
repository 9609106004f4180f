import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { DremioError } from '../errors.js';
import type { DremioLogger, TlsOptions } from './connection-options.js';
import { classifyNodeError, TransportFailure } from './transport-failure.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RawRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpTransport {
  send(request: RawRequest): Promise<RawResponse>;
  close(): void;
}

/**
 * Keep-alive HTTP(S) with one deadline per request covering connect, headers and body, so a server
 * that stalls mid-body cannot hang a collection run.
 */
export function createHttpTransport(options: { tls: TlsOptions; logger: DremioLogger }): HttpTransport {
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true, ...tlsAgentOptions(options.tls) });
  let warnedInsecure = false;
  return {
    send(request) {
      const secure = request.url.protocol === 'https:';
      if (secure && options.tls.insecure && !warnedInsecure) {
        warnedInsecure = true;
        options.logger.warn(
          { host: request.url.host },
          'TLS certificate verification is disabled (DREMIO_TLS_INSECURE); use DREMIO_TLS_CA_FILE instead',
        );
      }
      return sendOnce(
        request,
        secure ? { module: https, agent: httpsAgent } : { module: http, agent: httpAgent },
      );
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function tlsAgentOptions(options: TlsOptions): https.AgentOptions {
  if (options.insecure) return { rejectUnauthorized: false };
  if (!options.caFile) return {};
  let pem: string;
  try {
    pem = readFileSync(options.caFile, 'utf8');
  } catch (cause) {
    throw new DremioError(`Cannot read the TLS CA file ${options.caFile}`, {
      cause,
      code: 'DREMIO_TLS_CA_FILE',
      hint: 'Set DREMIO_TLS_CA_FILE to a readable PEM file with the CA that signed the Dremio certificate.',
    });
  }
  return { ca: [...tls.rootCertificates, pem] };
}

interface Channel {
  readonly module: typeof http | typeof https;
  readonly agent: http.Agent;
}

function sendOnce(request: RawRequest, channel: Channel): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: { response?: RawResponse; failure?: TransportFailure }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (outcome.response) resolve(outcome.response);
      else reject(outcome.failure);
    };
    const req = channel.module.request(request.url, {
      method: request.method,
      headers: request.headers,
      agent: channel.agent,
    });
    // First: a request destroyed by an abort or timeout emits 'error', which must never go unheard.
    req.on('error', (error) => finish({ failure: classifyNodeError(error) }));
    const timer = setTimeout(() => {
      const failure = new TransportFailure('timeout', `no complete answer within ${request.timeoutMs} ms`);
      req.destroy(failure);
      finish({ failure });
    }, request.timeoutMs);
    const onAbort = (): void => {
      const failure = new TransportFailure('aborted', 'the request was aborted by the caller');
      req.destroy(failure);
      finish({ failure });
    };
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => finish({ failure: truncation(error) }));
      res.on('close', () => {
        if (!res.complete) finish({ failure: new TransportFailure('truncated', 'the body ended early') });
      });
      res.on('end', () => {
        if (!res.complete)
          return finish({ failure: new TransportFailure('truncated', 'the body ended early') });
        const body = Buffer.concat(chunks);
        const expected = Number(res.headers['content-length']);
        if (Number.isFinite(expected) && body.length < expected) {
          return finish({
            failure: new TransportFailure('truncated', `body has ${body.length} of ${expected} bytes`),
          });
        }
        finish({ response: { status: res.statusCode ?? 0, headers: res.headers, body } });
      });
    });
    req.end(request.body);
  });
}

function truncation(error: unknown): TransportFailure {
  const failure = classifyNodeError(error);
  return failure.reason === 'reset' || failure.reason === 'other'
    ? new TransportFailure('truncated', `the body ended early (${failure.message})`, { cause: error })
    : failure;
}
