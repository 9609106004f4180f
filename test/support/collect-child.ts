// A collection in its own process, so a test can kill -9 it mid-run. Prints one JSON line per progress
// event on stdout. Arguments: a JSON object { url, dataDir, auth, projectId?, profiles }.
import { createDremioClient, DEFAULT_CONNECTION_TUNING, type DremioAuth } from '../../src/dremio/index.js';
import { createLogger } from '../../src/log/index.js';
import { collect } from '../../src/sources/collect-service.js';
import { openStore } from '../../src/store/index.js';
import { collectSettings } from './collect-settings.js';

const args = JSON.parse(process.argv[2]!) as {
  url: string;
  dataDir: string;
  auth: DremioAuth;
  projectId?: string;
  profiles: number;
};
const store = await openStore({ dataDir: args.dataDir, command: 'collect-child' });
const client = createDremioClient({
  url: args.url,
  auth: args.auth,
  ...(args.projectId === undefined ? {} : { projectId: args.projectId }),
  tls: { insecure: false },
  ...DEFAULT_CONNECTION_TUNING,
});
await collect(
  {
    store,
    client,
    logger: createLogger({ level: 'silent', format: 'json' }),
    onProgress: (stage, _text, data) => process.stdout.write(`${JSON.stringify({ stage, ...data })}\n`),
  },
  collectSettings({ profileBudget: args.profiles }),
);
client.close();
await store.close();
process.stdout.write('{"stage":"done"}\n');
