import type { AlertEvent } from '../config/index.js';
import type { Severity } from '../domain/severity.js';

/**
 * What an alert says, as stored in the outbox and POSTed to a generic webhook. `path` is the dashboard
 * page of its subject; a channel joins it to `alerts.dashboardUrl` when sending, so a changed address
 * applies to alerts already queued.
 */
export interface AlertPayload {
  readonly event: AlertEvent;
  readonly cluster: string;
  readonly title: string;
  readonly severity: Severity | null;
  /** The finding, measurement, collection run or cluster (a lagging collection) the alert is about. */
  readonly subject: {
    readonly kind: 'finding' | 'measurement' | 'collection-run' | 'cluster';
    readonly id: string;
  };
  readonly detector?: string;
  readonly text: string;
  readonly path: string;
  /** When the event happened (the analysis or measurement time: data time, not the clock's). */
  readonly at: string;
}

/** The dashboard address of a payload's page, when the dashboard's address is configured. */
export function dashboardLink(payload: AlertPayload, dashboardUrl: string | undefined): string | undefined {
  if (dashboardUrl === undefined) return undefined;
  return `${dashboardUrl.replace(/\/+$/, '')}${payload.path}`;
}
