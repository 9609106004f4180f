import { setTimeout as delay } from 'node:timers/promises';
import type { ResolvedConfig } from '../config/index.js';
import type { Logger } from '../log/index.js';
import {
  claimDueAlerts,
  msUntilNextDue,
  recentAttemptCounts,
  recordAlertAttempt,
  releaseAlerts,
} from '../store/alerts-repository.js';
import type { Store } from '../store/index.js';
import type { AlertPayload } from './alert-payload.js';
import { alertChannels } from './routing.js';
import { sendAlert } from './send-alert.js';

export interface AlertDeps {
  readonly store: Store;
  readonly config: ResolvedConfig;
  readonly logger: Logger;
}

export interface DeliverOptions {
  /** Stop claiming new alerts after this long; what is left stays pending for the next deliverer. */
  readonly deadlineMs: number;
  readonly signal?: AbortSignal | undefined;
  /** First retry delay (default 10 s), doubled per attempt up to `retryMaxMs` (default 1 h), with jitter. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

export interface DeliverSummary {
  readonly sent: number;
  /** Attempts that failed and will be retried. */
  readonly retrying: number;
  /** Alerts that used their last attempt. */
  readonly failed: number;
  /** Whether alerts are still pending (not due yet, over a rate limit, or out of time). */
  readonly pendingLeft: boolean;
}

const RATE_WINDOW_MS = 60_000;
const CLAIM_BATCH = 10;
/** How long to wait before looking again when every due alert is over its channel's rate limit. */
const RATE_LIMITED_WAIT_MS = 1000;

/**
 * Sends the due pending alerts of the outbox until none is due or the deadline passes, waiting for a
 * retry that falls due within the deadline. Each claimed alert is sent with its dedup key as
 * `Idempotency-Key`, marked sent only on a 2xx, and each attempt is recorded; a failed attempt is
 * retried after an exponential backoff with jitter, and the alert fails after `alerts.maxAttempts`.
 * Several processes may deliver at once: a claim takes rows with `FOR UPDATE SKIP LOCKED` and hides
 * them for a lease (see docs/alerts.md for what a crash mid-send means).
 */
export async function deliverPendingAlerts(
  deps: AlertDeps,
  options: DeliverOptions,
): Promise<DeliverSummary> {
  const { db } = deps.store;
  const cfg = deps.config.alerts;
  const channels = new Map(alertChannels(deps.config).map((c) => [c.name, c]));
  const started = Date.now();
  const remaining = () => options.deadlineMs - (Date.now() - started);
  const stopped = () => options.signal?.aborted === true;
  let sent = 0;
  let retrying = 0;
  let failed = 0;
  while (!stopped() && remaining() > 0) {
    const recent = await recentAttemptCounts(db, RATE_WINDOW_MS);
    const claimed = await claimDueAlerts(db, {
      leaseMs: cfg.timeoutMs + 30_000,
      limit: CLAIM_BATCH,
      budget: (channel) => cfg.ratePerMinute - (recent.get(channel) ?? 0),
    });
    if (claimed.length === 0) {
      const due = await msUntilNextDue(db);
      if (due === undefined) break;
      const wait = due === 0 ? RATE_LIMITED_WAIT_MS : due;
      if (wait >= remaining()) break;
      await delay(wait, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
      continue;
    }
    for (const [i, alert] of claimed.entries()) {
      if (stopped() || remaining() <= 0) {
        await releaseAlerts(
          db,
          claimed.slice(i).map((a) => a.id),
        );
        break;
      }
      const channel = channels.get(alert.channel);
      const result =
        channel === undefined
          ? { ok: false, error: `channel ${alert.channel} is no longer configured` }
          : await sendAlert(channel, alert.payload as AlertPayload, {
              idempotencyKey: alert.dedupKey,
              dashboardUrl: cfg.dashboardUrl,
              timeoutMs: cfg.timeoutMs,
              signal: options.signal,
            });
      const status = await recordAlertAttempt(db, {
        id: alert.id,
        channel: alert.channel,
        ok: result.ok,
        httpStatus: 'httpStatus' in result ? result.httpStatus : undefined,
        error: result.error,
        maxAttempts: channel === undefined ? 0 : cfg.maxAttempts,
        retryInMs: backoffMs(alert.attempts, options),
      });
      if (status === 'sent') sent++;
      else if (status === 'failed') {
        failed++;
        deps.logger.warn(
          { event: 'alert.failed', channel: alert.channel, attempts: alert.attempts, error: result.error },
          'an alert could not be delivered and was given up',
        );
      } else if (status === 'pending') retrying++;
    }
  }
  const pendingLeft = (await msUntilNextDue(db)) !== undefined;
  if (sent + retrying + failed > 0) {
    deps.logger.info({ event: 'alerts.delivered', sent, retrying, failed, pendingLeft }, 'alerts delivered');
  }
  return { sent, retrying, failed, pendingLeft };
}

/** Exponential backoff with "equal jitter": half the delay fixed, half random, so retries spread out. */
export function backoffMs(
  attempt: number,
  options: Pick<DeliverOptions, 'retryBaseMs' | 'retryMaxMs'>,
): number {
  const base = options.retryBaseMs ?? 10_000;
  const max = options.retryMaxMs ?? 3_600_000;
  const full = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return full / 2 + Math.random() * (full / 2);
}

/** How long the dispatcher sleeps at most between looks at the outbox: other processes enqueue too. */
const DISPATCH_IDLE_MS = 15_000;

/**
 * The long-running deliverer of `serve` and `run --every`: delivers what is due, sleeps until the next
 * retry falls due (at most 15 s, to pick up what other processes enqueue), and stops with the signal.
 * A store error is logged and tried again on the next round.
 */
export async function runAlertDispatcher(
  deps: AlertDeps,
  signal: AbortSignal,
  options: Omit<DeliverOptions, 'deadlineMs' | 'signal'> = {},
): Promise<void> {
  if (alertChannels(deps.config).length === 0) return;
  while (!signal.aborted) {
    let wait = DISPATCH_IDLE_MS;
    try {
      await deliverPendingAlerts(deps, { ...options, deadlineMs: 60_000, signal });
      const due = await msUntilNextDue(deps.store.db);
      wait = Math.min(DISPATCH_IDLE_MS, Math.max(250, due ?? DISPATCH_IDLE_MS));
    } catch (error) {
      if (signal.aborted) break;
      deps.logger.warn({ event: 'alerts.dispatch_error', err: error }, 'alert delivery failed; retrying');
    }
    await delay(wait, undefined, { signal }).catch(() => undefined);
  }
}
