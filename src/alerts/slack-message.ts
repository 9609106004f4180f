import { type AlertPayload, dashboardLink } from './alert-payload.js';

const ICONS: Readonly<Record<string, string>> = {
  'finding-opened': ':warning:',
  'finding-resolved': ':white_check_mark:',
  regression: ':chart_with_downwards_trend:',
  'reflection-failing': ':x:',
  'collection-failed': ':rotating_light:',
  'collection-lagging': ':hourglass:',
  'measurement-regressed': ':chart_with_downwards_trend:',
  'measurement-verified': ':tada:',
};

/** Slack's mrkdwn treats these three as markup. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A Slack incoming-webhook message: `text` for notifications, and blocks with the title, the details
 * and a button to the dashboard page of the finding or measurement when the dashboard's address is known.
 */
export function slackMessage(payload: AlertPayload, dashboardUrl: string | undefined): unknown {
  const link = dashboardLink(payload, dashboardUrl);
  const title = `${ICONS[payload.event] ?? ''} ${escapeMrkdwn(payload.title)}`.trim();
  const facts = [
    `*Cluster:* ${escapeMrkdwn(payload.cluster)}`,
    ...(payload.severity === null ? [] : [`*Severity:* ${payload.severity}`]),
    ...(payload.detector === undefined ? [] : [`*Detector:* ${payload.detector}`]),
    `*Event:* ${payload.event}`,
  ];
  return {
    text: payload.text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${title}*\n${escapeMrkdwn(payload.text)}` } },
      { type: 'context', elements: facts.map((f) => ({ type: 'mrkdwn', text: f })) },
      ...(link === undefined
        ? []
        : [
            {
              type: 'actions',
              elements: [
                { type: 'button', text: { type: 'plain_text', text: 'Open in the dashboard' }, url: link },
              ],
            },
          ]),
    ],
  };
}
