import type { ResolvedConfig } from '../config/index.js';
import { defaultClusterName } from './options-from-config.js';

/**
 * The clusters a schedule runs the pipeline on, by store name. Today the configuration names one Dremio
 * (its `dremio` section); a list of clusters fits here without changing the schedule's callers.
 */
export function configuredClusters(config: ResolvedConfig, override?: string): readonly string[] {
  return [override ?? defaultClusterName(config)];
}
