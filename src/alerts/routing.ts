import type { AlertEvent, ResolvedConfig } from '../config/index.js';
import { type Severity, severityRank } from '../domain/severity.js';

/** Where alerts go: a channel configured by name, or one of the two environment channels. */
export interface AlertChannel {
  readonly name: string;
  readonly type: 'webhook' | 'slack';
  readonly url: string;
}

/** Which events go to which channels, for which clusters (see docs/alerts.md). */
export interface AlertRule {
  readonly name: string;
  readonly channels: readonly string[];
  readonly events: readonly AlertEvent[];
  readonly minSeverity: Severity;
  readonly clusters?: readonly string[] | undefined;
}

/** The rule of the simple setup: what an operator wants to hear about without configuring anything. */
export const DEFAULT_RULE_EVENTS: readonly AlertEvent[] = [
  'finding-opened',
  'regression',
  'collection-failed',
  'collection-lagging',
  'measurement-regressed',
  'measurement-verified',
];

/** Every configured channel: `ALERT_WEBHOOK_URL` is `webhook`, `ALERT_SLACK_WEBHOOK_URL` is `slack`. */
export function alertChannels(config: ResolvedConfig): readonly AlertChannel[] {
  const a = config.alerts;
  return [
    ...(a.webhookUrl === undefined ? [] : [{ name: 'webhook', type: 'webhook' as const, url: a.webhookUrl }]),
    ...(a.slackWebhookUrl === undefined
      ? []
      : [{ name: 'slack', type: 'slack' as const, url: a.slackWebhookUrl }]),
    ...a.channels,
  ];
}

/**
 * The rules in force: the configured ones, and the default rule (new high or critical findings,
 * regressions, failing or lagging collections, measurement verdicts) for every channel no configured rule names —
 * so setting one environment variable is a complete setup.
 */
export function alertRules(config: ResolvedConfig): readonly AlertRule[] {
  const rules: AlertRule[] = [...config.alerts.rules];
  const named = new Set(rules.flatMap((r) => r.channels));
  const unruled = alertChannels(config)
    .map((c) => c.name)
    .filter((n) => !named.has(n));
  if (unruled.length > 0) {
    rules.push({ name: 'default', channels: unruled, events: DEFAULT_RULE_EVENTS, minSeverity: 'high' });
  }
  return rules;
}

/** One event an alert may be made of. */
export interface AlertEventInput {
  readonly event: AlertEvent;
  readonly clusterName: string;
  /** Findings only: compared with a rule's `minSeverity` for `finding-opened` and `finding-resolved`. */
  readonly severity?: Severity;
}

/** The (rule, channel) pairs an event goes to; a channel named by two matching rules gets it once. */
export function routeEvent(
  rules: readonly AlertRule[],
  event: AlertEventInput,
): readonly { readonly rule: string; readonly channel: string }[] {
  const out = new Map<string, string>();
  for (const rule of rules) {
    if (!rule.events.includes(event.event)) continue;
    if (rule.clusters !== undefined && !rule.clusters.includes(event.clusterName)) continue;
    const bySeverity = event.event === 'finding-opened' || event.event === 'finding-resolved';
    if (bySeverity && severityRank(event.severity ?? 'low') < severityRank(rule.minSeverity)) continue;
    for (const channel of rule.channels) if (!out.has(channel)) out.set(channel, rule.name);
  }
  return [...out].map(([channel, rule]) => ({ rule, channel }));
}
