import { z } from 'zod';
import { clusterEnvStem, IDENTITY_DREMIO_KEYS } from './cluster-env.js';

/**
 * The configuration schema: the single source of truth. Each leaf carries its environment variable,
 * description and secrecy as zod metadata, so `config show`, the README table and validation messages
 * are all derived from this one declaration.
 */
export interface SettingMeta {
  readonly env: string;
  readonly description: string;
  readonly secret?: boolean;
}

const meta = (m: SettingMeta) => m as SettingMeta & Record<string, unknown>;

const booleanText = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])], {
    error: 'true or false',
  })
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

const positiveInt = (max: number) =>
  z.coerce.number({ error: 'a whole number' }).int('a whole number').positive('a positive number').max(max);

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL such as http://localhost:9047' });

const postgresUrl = z.url({
  protocol: /^postgres(ql)?$/,
  error: 'a PostgreSQL URL such as postgres://user@127.0.0.1:5432/db',
});

const text = z.string().min(1, 'a non-empty string');

/**
 * What an API key may do: `read` the store, `write` it (lifecycle steps, analyses), `apply` changes on
 * Dremio, and `sql`: see query text in MCP answers (without it, their literals are redacted, since an
 * MCP answer goes on to an assistant's model). The REST API answers query text to any `read` key.
 */
export const API_SCOPES = ['read', 'write', 'apply', 'sql'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const apiKeyEntry = z
  .object({
    name: text,
    key: z.string().min(16, 'at least 16 characters').optional(),
    keySha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, 'the SHA-256 of the key, 64 hex digits')
      .optional(),
    scopes: z.array(z.enum(API_SCOPES, { error: 'read, write, apply or sql' })).min(1, 'at least one scope'),
  })
  .strict()
  .refine((k) => (k.key === undefined) !== (k.keySha256 === undefined), 'exactly one of key or keySha256');

/** A JSON list in the environment, a list in the config file. */
const apiKeyList = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  },
  z.array(apiKeyEntry, { error: 'a JSON list of {"name", "key" or "keySha256", "scopes"}' }),
);

const originList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((o) => o.trim())
          .filter((o) => o !== '')
      : value,
  z.array(z.url({ protocol: /^https?$/, error: 'origins such as https://app.example.com' })),
);

/** What an alert rule can fire on (see docs/alerts.md). */
export const ALERT_EVENTS = [
  'finding-opened',
  'finding-resolved',
  'regression',
  'reflection-failing',
  'collection-failed',
  'collection-lagging',
  'measurement-regressed',
  'measurement-verified',
] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/** A JSON list in the environment, a list in the config file. */
const jsonList = <T extends z.ZodType>(item: T, error: string) =>
  z.preprocess(
    (value) => {
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    },
    z.array(item, { error }),
  );

const alertChannel = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'a name of letters, digits, - and _'),
    type: z.enum(['webhook', 'slack'], { error: 'webhook or slack' }),
    url: httpUrl,
  })
  .strict();

const alertRule = z
  .object({
    name: text,
    channels: z.array(text).min(1, 'at least one channel'),
    events: z.array(z.enum(ALERT_EVENTS)).min(1, 'at least one event'),
    minSeverity: z.enum(['low', 'medium', 'high', 'critical']).default('high'),
    /** Cluster names; absent: every cluster. */
    clusters: z.array(text).optional(),
  })
  .strict();

/**
 * A cluster's own schedule: what `run --every` and `serve --schedule` accept (`30s`, `15m`, `1h`, `1d`).
 * Kept as text so the scheduler parses it with the one interval parser (schedule/interval.ts).
 */
const intervalText = z
  .string()
  .regex(/^\s*(\d+(?:\.\d+)?)\s*[smhd]\s*$/, 'an interval such as 30s, 15m, 1h or 1d')
  .refine((v) => Number(/\d+(?:\.\d+)?/.exec(v)?.[0]) > 0, 'an interval longer than zero');

/** Letters, digits and `. _ : -`: a store name that also names its environment variables. */
const clusterName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'a name of letters, digits, ".", "_", ":" and "-"')
  .max(200, 'at most 200 characters');

/**
 * One entry of `clusters`: the keys of the `dremio` section plus its store name and own schedule.
 * Its password and token may come from `DREMIO_<NAME>_PASSWORD` / `DREMIO_<NAME>_TOKEN` (see
 * clusterSecretEnv); tuning keys set in the `dremio` section are its defaults (load-config.ts).
 */
export const clusterEntry = z
  .object({
    name: clusterName,
    url: httpUrl,
    username: text.optional(),
    password: text.optional(),
    token: text.optional(),
    projectId: text.optional(),
    tlsCaFile: text.optional(),
    tlsInsecure: booleanText.default(false),
    requestTimeoutMs: positiveInt(3_600_000).default(30_000),
    maxConcurrency: positiveInt(64).default(4),
    maxRequestsPerSecond: positiveInt(10_000).default(20),
    schedule: intervalText.optional(),
  })
  .strict();
export type ClusterEntry = z.output<typeof clusterEntry>;

/** The keys of a cluster entry whose values are secrets: masked in `config show`, never logged. */
export const CLUSTER_SECRET_KEYS = ['password', 'token'] as const;

const configObject = z.object({
  dremio: z.object({
    url: httpUrl.optional().meta(
      meta({
        env: 'DREMIO_URL',
        description:
          'Dremio base URL: a Software coordinator (http://host:9047) or https://api.dremio.cloud. Unset: offline files and the simulator only.',
      }),
    ),
    username: text
      .optional()
      .meta(meta({ env: 'DREMIO_USERNAME', description: 'User for username/password login (Software).' })),
    password: text
      .optional()
      .meta(meta({ env: 'DREMIO_PASSWORD', description: 'Password for DREMIO_USERNAME.', secret: true })),
    token: text.optional().meta(
      meta({
        env: 'DREMIO_TOKEN',
        description: 'Personal access token (Software Enterprise, Cloud); used instead of username/password.',
        secret: true,
      }),
    ),
    projectId: text.optional().meta(
      meta({
        env: 'DREMIO_PROJECT_ID',
        description: 'Dremio Cloud project id; setting it selects the Cloud API.',
      }),
    ),
    tlsCaFile: text.optional().meta(
      meta({
        env: 'DREMIO_TLS_CA_FILE',
        description: 'Extra CA certificate (PEM file) to trust besides the system CAs.',
      }),
    ),
    tlsInsecure: booleanText.default(false).meta(
      meta({
        env: 'DREMIO_TLS_INSECURE',
        description: 'Skip TLS certificate verification (a warning is logged). For testing only.',
      }),
    ),
    requestTimeoutMs: positiveInt(3_600_000)
      .default(30_000)
      .meta(
        meta({
          env: 'DREMIO_REQUEST_TIMEOUT_MS',
          description: 'Timeout of one HTTP request to Dremio, in ms.',
        }),
      ),
    maxConcurrency: positiveInt(64)
      .default(4)
      .meta(
        meta({ env: 'DREMIO_MAX_CONCURRENCY', description: 'Most requests in flight to Dremio at once.' }),
      ),
    maxRequestsPerSecond: positiveInt(10_000)
      .default(20)
      .meta(
        meta({
          env: 'DREMIO_MAX_REQUESTS_PER_SECOND',
          description: 'Most requests per second sent to Dremio.',
        }),
      ),
  }),
  clusters: jsonList(
    clusterEntry,
    'a JSON list of {"name", "url", "username"?, "password"?, "token"?, "projectId"?, "schedule"?, …}',
  )
    .default([])
    .meta(
      meta({
        env: 'DREMIO_CLUSTERS',
        description:
          'Several Dremio clusters, each {"name", "url", and the other `dremio` keys, "schedule"?}; replaces the single `dremio` cluster (see "Several clusters" in the README). Passwords and tokens are masked in output; each may come from DREMIO_<NAME>_PASSWORD / DREMIO_<NAME>_TOKEN.',
      }),
    ),
  database: z.object({
    url: postgresUrl.optional().meta(
      meta({
        env: 'DATABASE_URL',
        description: 'PostgreSQL server to store into. Unset: embedded PGlite in DATA_DIR.',
        secret: true,
      }),
    ),
  }),
  dataDir: text
    .default('./.dremio-optimizer')
    .meta(meta({ env: 'DATA_DIR', description: 'Directory of the embedded store and other local state.' })),
  log: z.object({
    level: z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
        error: 'one of trace, debug, info, warn, error, fatal, silent',
      })
      .default('info')
      .meta(meta({ env: 'LOG_LEVEL', description: 'Log level; logs go to stderr.' })),
    format: z
      .enum(['json', 'pretty'], { error: 'json or pretty' })
      .optional()
      .meta(
        meta({
          env: 'LOG_FORMAT',
          description: 'Log format. Unset: pretty when stderr is a terminal, JSON otherwise.',
        }),
      ),
  }),
  redactSql: booleanText.default(false).meta(
    meta({
      env: 'REDACT_SQL',
      description: 'Store and print SQL only with literals replaced by placeholders.',
    }),
  ),
  profiles: z.object({
    storeRaw: booleanText.default(true).meta(
      meta({
        env: 'PROFILES_STORE_RAW',
        description: 'Keep the compressed raw profile beside its parsed summary.',
      }),
    ),
    maxFileBytes: positiveInt(Number.MAX_SAFE_INTEGER)
      .default(268_435_456)
      .meta(
        meta({
          env: 'PROFILES_MAX_FILE_BYTES',
          description: 'Largest profile file, or uncompressed archive entry, that is read (bytes).',
        }),
      ),
  }),
  api: z.object({
    key: z
      .string()
      .min(16, 'at least 16 characters')
      .optional()
      .meta(
        meta({
          env: 'API_KEY',
          description: 'The one API key of `serve`, with every scope (read, write, apply, sql).',
          secret: true,
        }),
      ),
    keys: apiKeyList.default([]).meta(
      meta({
        env: 'API_KEYS',
        description:
          'Several API keys, each with a name and scopes: a JSON list of {"name", "key" or "keySha256", "scopes": ["read","write","apply","sql"]}; `sql` lets MCP callers see query literals (see docs/mcp.md).',
        secret: true,
      }),
    ),
    rateLimitPerMinute: positiveInt(1_000_000)
      .default(60)
      .meta(meta({ env: 'API_RATE_LIMIT_PER_MINUTE', description: 'Most API requests a minute per key.' })),
    maxBodyBytes: positiveInt(Number.MAX_SAFE_INTEGER)
      .default(1_048_576)
      .meta(
        meta({ env: 'API_MAX_BODY_BYTES', description: 'Largest JSON request body the API reads (bytes).' }),
      ),
    maxUploadBytes: positiveInt(Number.MAX_SAFE_INTEGER)
      .default(67_108_864)
      .meta(
        meta({
          env: 'API_MAX_UPLOAD_BYTES',
          description: 'Largest profile or support ZIP uploaded to the API for analysis (bytes).',
        }),
      ),
    corsOrigins: originList.default([]).meta(
      meta({
        env: 'API_CORS_ORIGINS',
        description: 'Origins browsers may call the API from, comma-separated. Unset: CORS off.',
      }),
    ),
    metricsRequireKey: booleanText.default(false).meta(
      meta({
        env: 'API_METRICS_REQUIRE_KEY',
        description:
          '`/metrics` asks for an API key (read scope) when keys are configured. Default open, like `/health`, for Prometheus.',
      }),
    ),
  }),
  llm: z.object({
    baseUrl: httpUrl.optional().meta(
      meta({
        env: 'LLM_BASE_URL',
        description:
          "OpenAI-compatible chat completions endpoint for `explain` (e.g. https://api.openai.com/v1, http://localhost:11434/v1). Unset: explanations come from the detectors' own text, no model.",
      }),
    ),
    apiKey: text
      .optional()
      .meta(meta({ env: 'LLM_API_KEY', description: 'API key sent to LLM_BASE_URL.', secret: true })),
    model: text
      .optional()
      .meta(meta({ env: 'LLM_MODEL', description: 'Model name; required when LLM_BASE_URL is set.' })),
    temperature: z.coerce
      .number({ error: 'a number from 0 to 2' })
      .min(0, 'a number from 0 to 2')
      .max(2, 'a number from 0 to 2')
      .optional()
      .meta(
        meta({ env: 'LLM_TEMPERATURE', description: "Sampling temperature. Unset: the model's default." }),
      ),
    maxToolCalls: z.coerce
      .number({ error: 'a whole number' })
      .int('a whole number')
      .min(0, 'zero or more')
      .max(100, 'at most 100')
      .default(8)
      .meta(
        meta({
          env: 'LLM_MAX_TOOL_CALLS',
          description: 'Most tool calls one explanation may make before the model must answer.',
        }),
      ),
    timeoutMs: positiveInt(3_600_000)
      .default(120_000)
      .meta(
        meta({
          env: 'LLM_TIMEOUT_MS',
          description:
            'Wall time of one explanation, in ms; tools stop at half of it so the answer has the rest.',
        }),
      ),
    maxTokens: positiveInt(10_000_000)
      .default(100_000)
      .meta(
        meta({
          env: 'LLM_MAX_TOKENS',
          description:
            'Token budget of one explanation (prompt plus completion, summed over its calls); past it the model must answer.',
        }),
      ),
    redactLiterals: booleanText.default(true).meta(
      meta({
        env: 'LLM_REDACT_LITERALS',
        description:
          'Replace SQL literals and quoted values by placeholders before anything is sent to the model. false sends them as stored.',
      }),
    ),
    inputPricePerMillion: z.coerce
      .number({ error: 'a number' })
      .min(0, 'zero or more')
      .optional()
      .meta(
        meta({
          env: 'LLM_INPUT_PRICE_PER_MILLION',
          description:
            'Price of a million prompt tokens, to log the cost of each call. Unset: no cost shown.',
        }),
      ),
    outputPricePerMillion: z.coerce
      .number({ error: 'a number' })
      .min(0, 'zero or more')
      .optional()
      .meta(
        meta({
          env: 'LLM_OUTPUT_PRICE_PER_MILLION',
          description: 'Price of a million completion tokens, to log the cost of each call.',
        }),
      ),
  }),
  alerts: z
    .object({
      webhookUrl: httpUrl.optional().meta(
        meta({
          env: 'ALERT_WEBHOOK_URL',
          description:
            'A webhook receiving each alert as a JSON POST, with the default rule (new high or critical findings, regressions, collection failures, measurement verdicts); channel name `webhook`.',
          secret: true,
        }),
      ),
      slackWebhookUrl: httpUrl.optional().meta(
        meta({
          env: 'ALERT_SLACK_WEBHOOK_URL',
          description: 'A Slack incoming webhook with the default rule; channel name `slack`.',
          secret: true,
        }),
      ),
      dashboardUrl: httpUrl.optional().meta(
        meta({
          env: 'ALERT_DASHBOARD_URL',
          description: "The dashboard's address (e.g. https://optimizer.example.com), for links in alerts.",
        }),
      ),
      channels: jsonList(alertChannel, 'a JSON list of {"name", "type": "webhook" or "slack", "url"}')
        .default([])
        .meta(
          meta({
            env: 'ALERT_CHANNELS',
            description: 'More alert channels: a JSON list of {"name", "type" (webhook or slack), "url"}.',
            secret: true,
          }),
        ),
      rules: jsonList(
        alertRule,
        'a JSON list of {"name", "channels", "events", "minSeverity"?, "clusters"?} (see docs/alerts.md)',
      )
        .default([])
        .meta(
          meta({
            env: 'ALERT_RULES',
            description:
              'Alert rules: a JSON list of {"name", "channels", "events", "minSeverity"?, "clusters"?}; see docs/alerts.md.',
          }),
        ),
      maxAttempts: positiveInt(100)
        .default(8)
        .meta(meta({ env: 'ALERT_MAX_ATTEMPTS', description: 'Attempts to send an alert before it fails.' })),
      ratePerMinute: positiveInt(100_000)
        .default(30)
        .meta(
          meta({
            env: 'ALERT_RATE_PER_MINUTE',
            description: 'Most sends a minute per channel; the excess waits, pending.',
          }),
        ),
      timeoutMs: positiveInt(600_000)
        .default(10_000)
        .meta(meta({ env: 'ALERT_TIMEOUT_MS', description: 'Time one alert send may take, in ms.' })),
      collectionLagMinutes: positiveInt(525_600)
        .default(60)
        .meta(
          meta({
            env: 'ALERT_COLLECTION_LAG_MINUTES',
            description:
              'Minutes without a successful collection of a cluster after which a pipeline cycle alerts (collection-lagging).',
          }),
        ),
    })
    // Optional as a whole, so configurations built in code (tests, the demo) need not spell it out.
    .prefault({}),
  /** Per-detector threshold overrides, validated by each detector's own schema (config file only). */
  detectors: z.record(z.string(), z.unknown()).default({}),
});

export const configSchema = configObject.superRefine((config, ctx) => {
  checkClusters(config, ctx);
});

/**
 * Rules across entries: names unique (also once turned into environment variable names), and the
 * `dremio` section naming no Dremio of its own beside `clusters`, since which one `collect` means
 * would then be a guess.
 */
function checkClusters(
  config: {
    readonly clusters: readonly ClusterEntry[];
    readonly dremio: Readonly<Partial<Record<(typeof IDENTITY_DREMIO_KEYS)[number], unknown>>>;
  },
  ctx: z.RefinementCtx,
): void {
  if (config.clusters.length === 0) return;
  const byStem = new Map<string, string>();
  config.clusters.forEach((c, i) => {
    const stem = clusterEnvStem(c.name);
    const other = byStem.get(stem);
    if (other === undefined) byStem.set(stem, c.name);
    else
      ctx.addIssue({
        code: 'custom',
        path: ['clusters', i, 'name'],
        message:
          other === c.name
            ? `a name no other cluster has ("${c.name}" is used twice)`
            : `a name that differs from "${other}" in letters or digits (both would read DREMIO_${stem}_PASSWORD)`,
      });
  });
  for (const key of IDENTITY_DREMIO_KEYS) {
    if (config.dremio[key] === undefined) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['dremio', key],
      message:
        key === 'password' || key === 'token'
          ? `unset when \`clusters\` is configured; give each cluster its own (its entry, or DREMIO_<NAME>_${key.toUpperCase()})`
          : `unset when \`clusters\` is configured; make this Dremio an entry of \`clusters\``,
    });
  }
}

export type ConfigInput = z.input<typeof configSchema>;
export type ResolvedConfig = Readonly<z.output<typeof configSchema>>;
