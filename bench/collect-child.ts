// The collector in its own process, so its peak RSS can be read from outside (`/usr/bin/time -v`).
// Argument: a JSON CollectChildArgs. Prints one JSON line at the end: what the run did and how long
// the history stage took. Mode `baseline` only opens the store and asks Dremio who it is: the fixed
// cost every collection pays before reading a single job.
import { performance } from 'node:perf_hooks';
import { createDremioClient, DEFAULT_CONNECTION_TUNING } from '../src/dremio/index.js';
import { createLogger } from '../src/log/index.js';
import { collect } from '../src/sources/collect-service.js';
import { COLLECT_STAGES } from '../src/sources/live/live-context.js';
import { openStore } from '../src/store/index.js';
import type { CollectChildArgs } from './collect-child-args.js';

const args = JSON.parse(process.argv[2] ?? '{}') as CollectChildArgs;
const started = performance.now();
const store = await openStore({
  dataDir: args.dataDir,
  ...(args.databaseUrl === undefined ? {} : { databaseUrl: args.databaseUrl }),
  command: 'bench-collect',
});
const client = createDremioClient({
  url: args.url,
  auth: { kind: 'password', userName: args.userName, password: args.password },
  tls: { insecure: false },
  ...DEFAULT_CONNECTION_TUNING,
  maxRequestsPerSecond: args.maxRequestsPerSecond,
});
let historyEndMs = 0;
let historyPages = 0;
try {
  if (args.mode === 'baseline') {
    await client.deployment({});
    process.stdout.write(`${JSON.stringify({ mode: 'baseline' })}\n`);
  } else {
    const summary = await collect(
      {
        store,
        client,
        logger: createLogger({ level: 'silent', format: 'json' }),
        onProgress: (stage, _text, data) => {
          if (stage !== 'history') return;
          historyEndMs = performance.now() - started;
          historyPages = data.pages ?? historyPages;
        },
      },
      {
        clusterName: 'sim',
        since: undefined,
        until: undefined,
        profileBudget: args.profiles,
        stages: new Set(COLLECT_STAGES),
        redactSql: false,
        storeRawProfiles: true,
        historyPageRows: 5000,
        overlapMs: 15 * 60_000,
        maxDatasets: 100,
        maxConcurrency: DEFAULT_CONNECTION_TUNING.maxConcurrency,
      },
    );
    const line = {
      mode: 'collect',
      status: summary.status,
      errors: summary.errors,
      jobsRead: summary.history?.rowsRead ?? 0,
      historyPages,
      historyMs: Math.round(historyEndMs),
      profilesFetched: summary.profiles?.fetched ?? 0,
      profiles: summary.profiles ?? {},
      totalMs: Math.round(performance.now() - started),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
} finally {
  client.close();
  await store.close();
}
