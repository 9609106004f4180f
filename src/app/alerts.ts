import { z } from 'zod';
import {
  type AlertPayload,
  alertChannels,
  type DeliverSummary,
  deliverPendingAlerts,
  sendAlert,
} from '../alerts/index.js';
import { NotFoundError } from '../errors.js';
import { listAlerts as readAlerts } from '../store/alerts-repository.js';
import { listClusters } from '../store/index.js';
import { iso } from './read-scope.js';
import { type AppDeps, defineService } from './service.js';

/** How long `analyze` and a pipeline cycle spend sending what they enqueued before they return. */
export const DELIVER_BEFORE_EXIT_MS = 10_000;

/**
 * Sends what is due in the outbox, for at most `DELIVER_BEFORE_EXIT_MS`: what is left (a receiver
 * down, a retry not due yet) stays pending for the long-running service. Never throws: the work that
 * enqueued the alerts is done and committed.
 */
export async function deliverBeforeExit(deps: AppDeps): Promise<DeliverSummary | undefined> {
  if (alertChannels(deps.config).length === 0) return undefined;
  try {
    return await deliverPendingAlerts(deps, {
      deadlineMs: DELIVER_BEFORE_EXIT_MS,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    });
  } catch (error) {
    deps.logger.warn(
      { event: 'alerts.deliver_error', err: error },
      'alerts stay queued; the service retries them',
    );
    return undefined;
  }
}

export const alertOutput = z.object({
  id: z.number().int(),
  cluster: z.string().nullable(),
  rule: z.string(),
  channel: z.string(),
  dedupKey: z.string().describe('Stable per event; sent as the Idempotency-Key header'),
  event: z.string(),
  title: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable().describe('When a pending alert is next tried'),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
});

export const listAlerts = defineService({
  name: 'alerts.list',
  summary: 'Alerts of the outbox, newest first: pending, sent or failed',
  input: z.object({
    status: z.enum(['pending', 'sent', 'failed']).optional().describe('Only alerts in this state'),
    limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Most alerts listed'),
  }),
  output: z.object({ items: z.array(alertOutput) }),
  async run(deps, options) {
    const names = new Map((await listClusters(deps.store.db)).map((c) => [c.id, c.name]));
    const rows = await readAlerts(deps.store.db, {
      limit: options.limit,
      ...(options.status === undefined ? {} : { status: options.status }),
    });
    return {
      items: rows.map((r) => {
        const payload = r.payload as Partial<AlertPayload>;
        return {
          id: Number(r.id),
          cluster: r.clusterId === null ? (payload.cluster ?? null) : (names.get(r.clusterId) ?? null),
          rule: r.rule,
          channel: r.channel,
          dedupKey: r.dedupKey,
          event: payload.event ?? 'unknown',
          title: payload.title ?? '',
          status: r.status,
          attempts: r.attempts,
          nextAttemptAt: r.status === 'pending' ? iso(r.nextAttemptAt) : null,
          createdAt: iso(r.createdAt)!,
          sentAt: iso(r.sentAt),
          lastError: r.lastError,
        };
      }),
    };
  },
});

export const testAlertChannel = defineService({
  name: 'alerts.test',
  summary: 'Send a sample alert to a configured channel, directly (not through the outbox)',
  input: z.object({
    channel: z.string().min(1).describe('The channel name: webhook, slack, or a configured one'),
  }),
  output: z.object({
    channel: z.string(),
    ok: z.boolean(),
    httpStatus: z.number().int().nullable(),
    error: z.string().nullable(),
  }),
  async run(deps, options) {
    const channels = alertChannels(deps.config);
    const channel = channels.find((c) => c.name === options.channel);
    if (channel === undefined) {
      throw new NotFoundError(`no alert channel named "${options.channel}"`, {
        code: 'ALERT_CHANNEL_UNKNOWN',
        entity: 'alert channel',
        id: options.channel,
        hint:
          channels.length === 0
            ? 'set ALERT_WEBHOOK_URL or ALERT_SLACK_WEBHOOK_URL, or configure alerts.channels'
            : `configured channels: ${channels.map((c) => c.name).join(', ')}`,
      });
    }
    const sample: AlertPayload = {
      event: 'finding-opened',
      cluster: 'sample',
      title: 'Sample alert from dremio-optimizer',
      severity: 'high',
      subject: { kind: 'finding', id: 'sample' },
      detector: 'spill',
      text: 'This is a test of the alert channel; no finding opened.',
      path: '/findings',
      at: new Date().toISOString(),
    };
    const result = await sendAlert(channel, sample, {
      idempotencyKey: `test:${channel.name}:${sample.at}`,
      dashboardUrl: deps.config.alerts.dashboardUrl,
      timeoutMs: deps.config.alerts.timeoutMs,
      signal: deps.signal,
    });
    return {
      channel: channel.name,
      ok: result.ok,
      httpStatus: result.httpStatus ?? null,
      error: result.error ?? null,
    };
  },
});
