import type { ResolvedConfig } from '../config/index.js';
import { DEFAULT_CONNECTION_TUNING, type DremioConnectionOptions } from '../dremio/index.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log/index.js';

/** The Dremio connection the configuration describes; a clear ConfigError when it describes none. */
export function dremioOptionsFromConfig(config: ResolvedConfig, logger: Logger): DremioConnectionOptions {
  const d = config.dremio;
  if (d.url === undefined) {
    throw new ConfigError('no Dremio to talk to: DREMIO_URL is not set', {
      problems: [
        {
          key: 'DREMIO_URL',
          value: '(unset)',
          expected: 'the Dremio URL, e.g. http://dremio.example.com:9047 or https://api.dremio.cloud',
        },
      ],
      hint: 'or try the product without a cluster: `dremio-optimizer demo`, or `dremio-optimizer import` for offline files',
    });
  }
  const auth = authFromConfig(config);
  return {
    url: d.url,
    auth,
    ...(d.projectId === undefined ? {} : { projectId: d.projectId }),
    tls: { insecure: d.tlsInsecure, ...(d.tlsCaFile === undefined ? {} : { caFile: d.tlsCaFile }) },
    requestTimeoutMs: d.requestTimeoutMs,
    maxConcurrency: d.maxConcurrency,
    maxRequestsPerSecond: d.maxRequestsPerSecond,
    retry: DEFAULT_CONNECTION_TUNING.retry,
    logger,
  };
}

function authFromConfig(config: ResolvedConfig): DremioConnectionOptions['auth'] {
  const d = config.dremio;
  if (d.token !== undefined) return { kind: 'pat', token: d.token };
  if (d.username !== undefined && d.password !== undefined)
    return { kind: 'password', userName: d.username, password: d.password };
  throw new ConfigError('no Dremio credentials configured', {
    problems: [
      {
        key: d.username === undefined ? 'DREMIO_USERNAME' : 'DREMIO_PASSWORD',
        value: '(unset)',
        expected:
          'DREMIO_USERNAME and DREMIO_PASSWORD, or a personal access token in DREMIO_TOKEN (required on Dremio Cloud)',
      },
    ],
  });
}
