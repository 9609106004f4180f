import type { ResolvedConfig } from '../config/index.js';
import type { DetectorId } from '../domain/detector-id.js';
import type { FindingsSaved } from '../domain/findings-saved.js';
import type { StoredMeasurement } from '../domain/measurement.js';
import type { Severity } from '../domain/severity.js';
import { enqueueAlerts } from '../store/alerts-repository.js';
import { findingSummaries } from '../store/findings-repository.js';
import type { Db } from '../store/index.js';
import type { AlertPayload } from './alert-payload.js';
import { type AlertEventInput, alertRules, routeEvent } from './routing.js';

export type { FindingsSaved };

export type FindingsSavedHook = (trx: Db, saved: FindingsSaved) => Promise<void>;

interface PendingEvent extends AlertEventInput {
  readonly clusterId: bigint | null;
  readonly dedupKey: string;
  readonly payload: AlertPayload;
  /** Events of the same happening share a group; the more specific event comes first. */
  readonly group?: string;
}

/** Writes the alerts of these events to the outbox, one per channel its rules route it to. */
async function enqueueEvents(
  db: Db,
  config: ResolvedConfig,
  events: readonly PendingEvent[],
): Promise<number> {
  const rules = alertRules(config);
  if (rules.length === 0) return 0;
  // Events of one happening (a regression finding opening is `regression` and `finding-opened`) reach
  // a channel once: as the first of them its rules route there.
  const routed = new Set<string>();
  const alerts = events.flatMap((e) =>
    routeEvent(rules, e)
      .filter((r) => {
        const key = `${e.group ?? e.dedupKey}\u0000${r.channel}`;
        if (routed.has(key)) return false;
        routed.add(key);
        return true;
      })
      .map((r) => ({
        clusterId: e.clusterId,
        rule: r.rule,
        channel: r.channel,
        dedupKey: e.dedupKey,
        payload: e.payload,
      })),
  );
  return enqueueAlerts(db, alerts);
}

/** The events a detector's findings are besides `finding-opened`. */
const DETECTOR_EVENTS: Partial<Record<DetectorId, 'regression' | 'reflection-failing'>> = {
  regression: 'regression',
  'reflection-failing': 'reflection-failing',
};

/**
 * The analysis hook that enqueues finding alerts in the transaction recording the findings: one when a
 * finding opens (new, or seen again after it resolved) and one when it resolves. The key carries the
 * time it opened, so a finding seen by every later analysis alerts no more, and one that comes back
 * after resolving alerts again. Undefined when no alert channel is configured.
 */
export function findingAlertsHook(config: ResolvedConfig): FindingsSavedHook | undefined {
  if (alertRules(config).length === 0) return undefined;
  return async (trx, saved) => {
    await enqueueEvents(trx, config, await findingEvents(trx, saved));
  };
}

async function findingEvents(trx: Db, saved: FindingsSaved): Promise<PendingEvent[]> {
  const at = saved.seenAt.toISOString();
  const shown = new Map(saved.shown.map((f) => [f.id, f]));
  const events: PendingEvent[] = [];
  const base = (id: string, f: { detector: string; severity: Severity; title: string }) => ({
    clusterId: saved.clusterId,
    clusterName: saved.clusterName,
    severity: f.severity,
    subject: { kind: 'finding' as const, id },
    path: `/findings/${encodeURIComponent(id)}?cluster=${encodeURIComponent(saved.clusterName)}`,
    detector: f.detector,
  });
  // Waived findings are left out: a waiver says the finding is known and accepted.
  for (const id of saved.openedIds) {
    const f = shown.get(id);
    if (f === undefined) continue;
    const b = base(id, f);
    const kinds = [
      ...(DETECTOR_EVENTS[f.detector] ? [DETECTOR_EVENTS[f.detector]!] : []),
      'finding-opened' as const,
    ];
    for (const event of kinds) {
      events.push({
        ...b,
        event,
        group: `opened:${id}`,
        dedupKey: `${event}:${saved.clusterId}:${id}:${saved.seenAt.getTime()}`,
        payload: {
          event,
          cluster: saved.clusterName,
          title: f.title,
          severity: f.severity,
          subject: b.subject,
          detector: f.detector,
          text: `${f.severity} finding opened on ${saved.clusterName}: ${f.title}`,
          path: b.path,
          at,
        },
      });
    }
  }
  for (const f of await findingSummaries(trx, saved.clusterId, saved.resolvedIds)) {
    const b = base(f.id, f);
    events.push({
      ...b,
      event: 'finding-resolved',
      dedupKey: `finding-resolved:${saved.clusterId}:${f.id}:${saved.seenAt.getTime()}`,
      payload: {
        event: 'finding-resolved',
        cluster: saved.clusterName,
        title: f.title,
        severity: f.severity,
        subject: b.subject,
        detector: f.detector,
        text: `finding resolved on ${saved.clusterName}: ${f.title}`,
        path: b.path,
        at,
      },
    });
  }
  return events;
}

/**
 * Enqueues the verdicts `regressed` and `verified`, once per change and verdict: measurement runs
 * every cycle and replaces the previous measurement of a change, so a verdict that holds is not sent
 * again, and one lost to a crash before this call is enqueued by the next cycle's measurement.
 */
export async function enqueueMeasurementAlerts(
  db: Db,
  config: ResolvedConfig,
  input: {
    readonly clusterId: bigint;
    readonly clusterName: string;
    readonly measurements: readonly StoredMeasurement[];
  },
): Promise<number> {
  const events: PendingEvent[] = [];
  for (const m of input.measurements) {
    if (m.verdict !== 'regressed' && m.verdict !== 'verified') continue;
    const event =
      m.verdict === 'regressed' ? ('measurement-regressed' as const) : ('measurement-verified' as const);
    const what = `${m.change.kind} ${m.change.subject}`;
    events.push({
      event,
      clusterId: input.clusterId,
      clusterName: input.clusterName,
      dedupKey: `${event}:${input.clusterId}:${m.changeId}`,
      payload: {
        event,
        cluster: input.clusterName,
        title: `${what} ${m.verdict}`,
        severity: m.verdict === 'regressed' ? 'high' : null,
        subject: { kind: 'measurement', id: String(m.id) },
        text: `${what} on ${input.clusterName} ${m.verdict}: ${m.reason}`,
        path: `/measurements/${m.id}?cluster=${encodeURIComponent(input.clusterName)}`,
        at: m.measuredAt.toISOString(),
      },
    });
  }
  return enqueueEvents(db, config, events);
}

/** Enqueues a failed collection run, once per run. */
export async function enqueueCollectionFailedAlert(
  db: Db,
  config: ResolvedConfig,
  input: {
    readonly clusterId: bigint | null;
    readonly clusterName: string;
    /** The run id, or another key unique to this failure when the run could not be recorded. */
    readonly runKey: string;
    readonly error: string;
    readonly at: Date;
  },
): Promise<number> {
  return enqueueEvents(db, config, [
    {
      event: 'collection-failed',
      clusterId: input.clusterId,
      clusterName: input.clusterName,
      dedupKey: `collection-failed:${input.clusterName}:${input.runKey}`,
      payload: {
        event: 'collection-failed',
        cluster: input.clusterName,
        title: `collection from ${input.clusterName} failed`,
        severity: 'high',
        subject: { kind: 'collection-run', id: input.runKey },
        text: `collection from ${input.clusterName} failed: ${input.error}`,
        path: `/?cluster=${encodeURIComponent(input.clusterName)}`,
        at: input.at.toISOString(),
      },
    },
  ]);
}

/**
 * Enqueues `collection-lagging` when a cluster has had no successful collection for longer than
 * `alerts.collectionLagMinutes` at the cycle's time: once per last success, so a collection that keeps
 * failing alerts once when it crosses the limit, and again only after it has succeeded and lagged anew.
 */
export async function enqueueCollectionLaggingAlert(
  db: Db,
  config: ResolvedConfig,
  input: {
    readonly clusterId: bigint;
    readonly clusterName: string;
    /** The end of the cluster's last successful (or partial) collection; none: nothing to lag behind. */
    readonly lastSuccessAt: Date | undefined;
    readonly at: Date;
  },
): Promise<number> {
  if (input.lastSuccessAt === undefined) return 0;
  const limitMs = config.alerts.collectionLagMinutes * 60_000;
  const lagMs = input.at.getTime() - input.lastSuccessAt.getTime();
  if (lagMs <= limitMs) return 0;
  const minutes = Math.round(lagMs / 60_000);
  return enqueueEvents(db, config, [
    {
      event: 'collection-lagging',
      clusterId: input.clusterId,
      clusterName: input.clusterName,
      dedupKey: `collection-lagging:${input.clusterName}:${input.lastSuccessAt.getTime()}`,
      payload: {
        event: 'collection-lagging',
        cluster: input.clusterName,
        title: `no successful collection from ${input.clusterName} for ${minutes} min`,
        severity: 'high',
        subject: { kind: 'cluster', id: input.clusterName },
        text: `the last successful collection from ${input.clusterName} ended ${input.lastSuccessAt.toISOString()}, ${minutes} min before this cycle (limit ${config.alerts.collectionLagMinutes} min); see \`dremio-optimizer runs list\``,
        path: `/?cluster=${encodeURIComponent(input.clusterName)}`,
        at: input.at.toISOString(),
      },
    },
  ]);
}
