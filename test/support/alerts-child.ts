// An analysis in its own process, so a test can kill -9 it after the outbox row is committed and before
// anything is sent. Prints `committed N` (N alerts pending) on stdout, then waits to be killed.
// Arguments: a JSON object { dataDir, databaseUrl?, webhookUrl, at }.
import { analyzeData } from '../../src/app/analyze.js';
import { configSchema } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';
import { listAlerts } from '../../src/store/alerts-repository.js';
import { openStore } from '../../src/store/index.js';

const args = JSON.parse(process.argv[2]!) as {
  dataDir: string;
  databaseUrl?: string;
  webhookUrl: string;
  at: string;
};
const store = await openStore({
  dataDir: args.dataDir,
  ...(args.databaseUrl === undefined ? {} : { databaseUrl: args.databaseUrl }),
  command: 'alerts-child',
});
const config = configSchema.parse({
  dremio: {},
  database: {},
  log: {},
  profiles: {},
  api: {},
  llm: {},
  alerts: { webhookUrl: args.webhookUrl, ratePerMinute: 10_000 },
});
// The analysis service enqueues in its findings transaction; delivery would come after (the CLI's
// `deliverBeforeExit`), and this process dies before it.
await analyzeData(
  { store, config, logger: createLogger({ level: 'silent' }) },
  { at: args.at, detectors: ['queue-wait'], recommend: false },
);
const pending = await listAlerts(store.db, { status: 'pending' });
process.stdout.write(`committed ${pending.length}\n`);
setInterval(() => undefined, 60_000);
