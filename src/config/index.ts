// Configuration: one zod schema, merged from defaults, a config file, `.env` and the environment.
// Only this folder reads `process.env`-shaped input; everything else receives resolved slices.
export { CLUSTER_SECRET_ENV, clusterEnvName } from './cluster-env.js';
export { renderConfigTable } from './config-table.js';
export { describeConfig, describeOrigin, type EffectiveSetting } from './describe-config.js';
export { type ConfigOrigin, type ConfigSources, type LoadedConfig, loadConfig } from './load-config.js';
export { maskSecret } from './mask.js';
export {
  ALERT_EVENTS,
  type AlertEvent,
  type ConfigInput,
  configSchema,
  type ResolvedConfig,
} from './schema.js';
export { secretsFromEnv, secretsOfConfig } from './secret-values.js';
export { SETTINGS, type Setting } from './settings.js';
