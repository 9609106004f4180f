// Alerts: rules route events (a finding opened or resolved, a regression, a failed collection, a
// measurement verdict) to channels (webhook, Slack) through a persisted outbox in the store.
export { type AlertPayload, dashboardLink } from './alert-payload.js';
export {
  type AlertDeps,
  backoffMs,
  type DeliverOptions,
  type DeliverSummary,
  deliverPendingAlerts,
  runAlertDispatcher,
} from './deliver.js';
export {
  enqueueCollectionFailedAlert,
  enqueueCollectionLaggingAlert,
  enqueueMeasurementAlerts,
  type FindingsSaved,
  type FindingsSavedHook,
  findingAlertsHook,
} from './enqueue.js';
export {
  type AlertChannel,
  type AlertRule,
  alertChannels,
  alertRules,
  DEFAULT_RULE_EVENTS,
  routeEvent,
} from './routing.js';
export { type SendResult, sendAlert } from './send-alert.js';
export { slackMessage } from './slack-message.js';
