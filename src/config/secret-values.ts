import { SECRET_NAME, secretsInUrl } from '../log/redact-text.js';
import { CLUSTER_SECRET_ENV } from './cluster-env.js';
import type { ResolvedConfig } from './schema.js';

// A variable found by its name alone (GITHUB_TOKEN, LLM_API_KEY) may hold an ordinary word such as
// "false"; only values this long are removed from output, so words stay readable.
const MIN_GUESSED_SECRET_LENGTH = 8;

/** Values no output may show, known before the configuration is even loaded: from the environment. */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    if (
      name === 'DREMIO_PASSWORD' ||
      name === 'DREMIO_TOKEN' ||
      name === 'API_KEY' ||
      name === 'LLM_API_KEY' ||
      name === 'ALERT_WEBHOOK_URL' ||
      name === 'ALERT_SLACK_WEBHOOK_URL' ||
      CLUSTER_SECRET_ENV.test(name)
    )
      found.push(value);
    else if (name === 'API_KEYS') found.push(...keysInList(value));
    else if (name === 'DATABASE_URL') found.push(...secretsInUrl(value));
    else if (SECRET_NAME.test(name) && value.length >= MIN_GUESSED_SECRET_LENGTH) found.push(value);
  }
  return found;
}

/** The configured secrets, wherever they came from (file, `.env`, environment). */
export function secretsOfConfig(config: ResolvedConfig): string[] {
  const found = [config.dremio.password, config.dremio.token].filter((s): s is string => s !== undefined);
  for (const c of config.clusters) {
    if (c.password !== undefined) found.push(c.password);
    if (c.token !== undefined) found.push(c.token);
  }
  if (config.database.url !== undefined) found.push(...secretsInUrl(config.database.url));
  if (config.api.key !== undefined) found.push(config.api.key);
  if (config.llm.apiKey !== undefined) found.push(config.llm.apiKey);
  for (const entry of config.api.keys) if (entry.key !== undefined) found.push(entry.key);
  // A webhook URL is its own credential (a Slack one is the bearer of its path).
  const alertUrls = [
    config.alerts.webhookUrl,
    config.alerts.slackWebhookUrl,
    ...config.alerts.channels.map((c) => c.url),
  ];
  for (const url of alertUrls) if (url !== undefined) found.push(url);
  return found;
}

/** Values under secret-looking keys of a config file or `.env`, including keys the schema does not know. */
export function secretsUnderKeys(values: unknown, prefix = ''): string[] {
  if (values === null || typeof values !== 'object') return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    if (typeof value === 'string' && SECRET_NAME.test(key) && value.length >= 4) found.push(value);
    else if (typeof value === 'object') found.push(...secretsUnderKeys(value, `${prefix}${key}.`));
  }
  return found;
}

/** The `key` members of an `API_KEYS` JSON list, whatever else is wrong with it. */
function keysInList(text: string): string[] {
  try {
    const list: unknown = JSON.parse(text);
    if (!Array.isArray(list)) return [];
    return list
      .map((entry) =>
        entry !== null && typeof entry === 'object' ? (entry as { key?: unknown }).key : undefined,
      )
      .filter((key): key is string => typeof key === 'string' && key !== '');
  } catch {
    return [];
  }
}
