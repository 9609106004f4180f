import { type AlertPayload, dashboardLink } from './alert-payload.js';
import type { AlertChannel } from './routing.js';
import { slackMessage } from './slack-message.js';

export interface SendResult {
  readonly ok: boolean;
  readonly httpStatus?: number;
  /** Why it failed, without the channel's URL (a webhook URL is a credential). */
  readonly error?: string;
}

export interface SendOptions {
  /** Sent as `Idempotency-Key`: the same alert sent twice (after a crash) carries the same key. */
  readonly idempotencyKey: string;
  readonly dashboardUrl: string | undefined;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** One HTTP POST of an alert to its channel; ok only on a 2xx answer. Never throws. */
export async function sendAlert(
  channel: AlertChannel,
  payload: AlertPayload,
  options: SendOptions,
): Promise<SendResult> {
  const link = dashboardLink(payload, options.dashboardUrl);
  const body =
    channel.type === 'slack'
      ? slackMessage(payload, options.dashboardUrl)
      : { ...payload, ...(link === undefined ? {} : { link }), idempotencyKey: options.idempotencyKey };
  const timeout = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(channel.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': options.idempotencyKey,
        'user-agent': 'dremio-optimizer-alerts',
      },
      body: JSON.stringify(body),
      signal: options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]),
      redirect: 'error',
    });
    // Read the body so the connection is released; its text is not kept (it may echo the request).
    await response.arrayBuffer().catch(() => undefined);
    return response.ok
      ? { ok: true, httpStatus: response.status }
      : {
          ok: false,
          httpStatus: response.status,
          error: `HTTP ${response.status} from channel ${channel.name}`,
        };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason = timeout.aborted
      ? `no answer within ${options.timeoutMs} ms`
      : (cause ?? (error as Error).name);
    return { ok: false, error: `channel ${channel.name} unreachable: ${reason}` };
  }
}
