import type { ResolvedConfig } from '../config/index.js';
import { InvalidInputError } from '../errors.js';
import { defaultClusterName } from './options-from-config.js';

/** One Dremio the configuration names: its store name and how to reach it. */
export interface ConfiguredCluster {
  /** Its name in the store. */
  readonly name: string;
  /** Its connection settings, in the shape of the `dremio` section. */
  readonly dremio: ResolvedConfig['dremio'];
  /** Its own schedule (`15m`), over the command's interval; undefined: the command's. */
  readonly schedule: string | undefined;
  /**
   * `dremio`: the single-cluster section (no `clusters` list), whose name a caller may choose;
   * `clusters`: an entry of the list, named by it.
   */
  readonly source: 'dremio' | 'clusters';
}

/**
 * The clusters a command or schedule works on: every entry of `clusters`, or the one named by
 * `select`; without a `clusters` list, the `dremio` section as one cluster, named `select` when given
 * (its store name) or after its host or Cloud project.
 */
export function configuredClusters(config: ResolvedConfig, select?: string): readonly ConfiguredCluster[] {
  if (config.clusters.length === 0) {
    return [
      {
        name: select ?? defaultClusterName(config),
        dremio: config.dremio,
        schedule: undefined,
        source: 'dremio',
      },
    ];
  }
  const all = config.clusters.map(fromEntry);
  if (select === undefined) return all;
  const found = all.find((c) => c.name === select);
  if (found === undefined) {
    throw new InvalidInputError(`"${select}" is not one of the configured clusters`, {
      problems: [{ field: 'cluster', value: select, expected: `one of ${namesOf(all)}` }],
      hint: 'the names are those of the `clusters` list in the configuration',
    });
  }
  return [found];
}

/** The one cluster a collection or a pipeline cycle works on; with several configured, `name` picks it. */
export function configuredCluster(config: ResolvedConfig, name?: string): ConfiguredCluster {
  const clusters = configuredClusters(config, name);
  if (clusters.length > 1) {
    throw new InvalidInputError(`${clusters.length} clusters are configured: name one`, {
      problems: [{ field: 'cluster', expected: `one of ${namesOf(clusters)}` }],
    });
  }
  return clusters[0]!;
}

function fromEntry(entry: ResolvedConfig['clusters'][number]): ConfiguredCluster {
  const { name, schedule, ...dremio } = entry;
  return { name, dremio, schedule, source: 'clusters' };
}

function namesOf(clusters: readonly ConfiguredCluster[]): string {
  return clusters.map((c) => c.name).join(', ');
}
