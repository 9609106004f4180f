import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeWorkload } from '../../src/analysis/analysis-service.js';
import type { Recommendation } from '../../src/domain/recommendation.js';
import { createDremioClient, DEFAULT_CONNECTION_TUNING, type DremioClient } from '../../src/dremio/index.js';
import { ConflictError } from '../../src/errors.js';
import { createLogger } from '../../src/log/index.js';
import {
  applyRecommendation,
  recommendAndSave,
  showRecommendation,
} from '../../src/recommend/recommend-service.js';
import { recommendationId } from '../../src/recommend/recommendation-id.js';
import { startSimulator } from '../../src/simulator/index.js';
import { collect } from '../../src/sources/collect-service.js';
import { findCluster, type Store, saveRecommendations } from '../../src/store/index.js';
import { collectSettings } from '../support/collect-settings.js';
import { testBackends } from '../support/store-backends.js';
import { SNAPSHOT_END } from '../support/world-snapshot.js';

/**
 * Names that need quoting, from a real-shaped source to the statement Dremio runs: the simulator holds
 * `Samples."samples.dremio.com"."zips.json"` and `datalake."partner feeds"."acme ""gold"" orders"`,
 * serves them over HTTP as Dremio does (parts in the catalog, unquoted dotted names in job history,
 * quoted names in sys.reflections), and rejects the wrong quoting as Dremio does. Collect, analyse and
 * recommend must emit DDL on exactly those datasets, and apply --confirm must create the reflection on
 * them; a recommendation row edited in the store to act on another dataset must never reach Dremio.
 */
const ZIPS = ['Samples', 'samples.dremio.com', 'zips.json'];
const ACME = ['datalake', 'partner feeds', 'acme "gold" orders'];

let sim: Awaited<ReturnType<typeof startSimulator>>;
let client: DremioClient;
let store: Store;
let dispose: () => Promise<void>;
let recs: readonly Recommendation[];

beforeAll(async () => {
  sim = await startSimulator({
    flavor: 'software-25.1',
    seed: 1,
    jobs: 1500,
    days: 7,
    endAt: SNAPSHOT_END,
    port: 0,
  });
  client = createDremioClient({
    url: sim.url,
    auth: { kind: 'password', userName: sim.credentials.userName, password: sim.credentials.password },
    tls: { insecure: false },
    requestTimeoutMs: 30_000,
    maxConcurrency: 2,
    maxRequestsPerSecond: 200,
    retry: DEFAULT_CONNECTION_TUNING.retry,
    logger: createLogger({ level: 'silent' }),
  });
  ({ store, dispose } = await testBackends()[0]!.fresh());
  const logger = createLogger({ level: 'silent' });
  const summary = await collect(
    { store, client, logger },
    collectSettings({ profileBudget: 60, historyPageRows: 5000, maxDatasets: 40 }),
  );
  const errors = await sql<{
    stage: string;
    item: string;
    message: string;
  }>`SELECT stage, item, message FROM collection_errors`.execute(store.db);
  expect(summary.status, JSON.stringify(errors.rows)).toBe('succeeded');
  const report = await analyzeWorkload(store, {
    clusterName: 'sim',
    now: SNAPSHOT_END,
    windowDays: 7,
    recommender: (input) => recommendAndSave(store, input),
  });
  recs = report.recommendations;
}, 240_000);

afterAll(async () => {
  client?.close();
  await dispose?.();
  await sim?.stop();
});

function reflectionOn(parts: readonly string[]): Recommendation {
  const found = recs.find(
    (r) =>
      r.kind === 'create-aggregate-reflection' &&
      r.target.kind === 'dataset' &&
      r.target.path ===
        parts.map((p) => (/^[A-Za-z_]\w*$/.test(p) ? p : `"${p.replaceAll('"', '""')}"`)).join('.'),
  );
  expect(found, `a reflection recommendation on ${parts.join(' / ')}`).toBeDefined();
  return found!;
}

function reflectionsOf(parts: readonly string[]): string[] {
  const id = (sim.world.catalogByPath(parts) as { id: string } | undefined)?.id;
  expect(id, `catalog entry of ${parts.join(' / ')}`).toBeDefined();
  return sim.world
    .reflections()
    .filter((r) => r.datasetId === id)
    .map((r) => String(r.name));
}

describe('names with dots, quotes and spaces, from the simulator over HTTP to the DDL', () => {
  it('emits DDL that names each dataset by its parts, quoted', () => {
    expect(reflectionOn(ZIPS).sql).toMatch(
      /^ALTER TABLE Samples\."samples\.dremio\.com"\."zips\.json" CREATE AGGREGATE REFLECTION zips_json_agg_opt USING DIMENSIONS \(state\) MEASURES \(pop \(SUM, COUNT\)\)$/,
    );
    expect(reflectionOn(ACME).sql).toMatch(
      /^ALTER TABLE datalake\."partner feeds"\."acme ""gold"" orders" CREATE /,
    );
  });

  it('the simulator refuses the same statement with the parts joined unquoted, as Dremio does', async () => {
    const wrong = reflectionOn(ZIPS).sql!.replace(
      'Samples."samples.dremio.com"."zips.json"',
      'Samples.samples.dremio.com.zips.json',
    );
    await expect(client.collectSql(wrong, { resendable: false })).rejects.toThrow(
      /Object 'json' not found within 'Samples\.samples\.dremio\.com\.zips'/,
    );
    const lostQuotes = reflectionOn(ACME).sql!.replace('"acme ""gold"" orders"', '"acme gold orders"');
    await expect(client.collectSql(lostQuotes, { resendable: false })).rejects.toThrow(/not found/);
    expect(reflectionsOf(ZIPS)).not.toContain('zips_json_agg_opt');
  });

  it('apply --confirm creates each reflection on the right dataset', async () => {
    const execute = (text: string) => client.collectSql(text, { resendable: false });
    for (const [parts, name] of [
      [ZIPS, 'zips_json_agg_opt'],
      [ACME, 'acme_gold_orders_agg_opt'],
    ] as const) {
      const rec = reflectionOn(parts);
      const result = await applyRecommendation(store, {
        id: rec.id,
        confirm: true,
        actor: 'ana',
        at: () => SNAPSHOT_END,
        execute,
      });
      expect(result.recommendation.status).toBe('applied');
      expect(reflectionsOf(parts)).toContain(name);
    }
  });

  it('refuses a recommendation row edited to act on another dataset, and nothing reaches Dremio', async () => {
    const victim = recs.find((r) => r.kind === 'optimize-table');
    expect(victim).toBeDefined();
    const edited = 'OPTIMIZE TABLE lakehouse.sales.orders REWRITE DATA USING BIN_PACK';
    await sql`UPDATE recommendations SET sql = ${edited} WHERE id = ${victim!.id}`.execute(store.db);
    const orders = ['lakehouse', 'sales', 'orders'];
    const tagBefore = sim.world.catalogByPath(orders)?.tag;
    let executed = 0;
    const execute = (text: string) => {
      executed++;
      return client.collectSql(text, { resendable: false });
    };
    const attempt = applyRecommendation(store, {
      id: victim!.id,
      confirm: true,
      actor: 'mallory',
      at: () => SNAPSHOT_END,
      execute,
    });
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(
      /acts on lakehouse\.sales\.orders \(3 parts\), but the recommendation is for lakehouse\.\w+\.\w+/,
    );
    expect(executed).toBe(0);
    // OPTIMIZE rewrites the table, which gives it a new catalog tag; it still has the old one.
    expect(sim.world.catalogByPath(orders)?.tag).toBe(tagBefore);
    expect((await showRecommendation(store, { id: victim!.id })).recommendation.status).toBe(victim!.status);
  });

  it('refuses a row whose target was edited along with its statement', async () => {
    const victim = reflectionOn(ZIPS);
    const target = JSON.stringify({ kind: 'dataset', path: 'lakehouse.sales.orders' });
    const edited =
      'ALTER TABLE lakehouse.sales.orders CREATE AGGREGATE REFLECTION hijack USING DIMENSIONS (region)';
    await sql`UPDATE recommendations SET target = ${target}, sql = ${edited}, status = 'accepted' WHERE id = ${victim.id}`.execute(
      store.db,
    );
    let executed = 0;
    await expect(
      applyRecommendation(store, {
        id: victim.id,
        confirm: true,
        actor: 'mallory',
        at: () => SNAPSHOT_END,
        execute: (text) => {
          executed++;
          return client.collectSql(text, { resendable: false });
        },
      }),
    ).rejects.toThrow(/is not the one id .* was made for/);
    expect(executed).toBe(0);
    expect(sim.world.reflections().some((r) => r.name === 'hijack')).toBe(false);
  });

  it('refuses a row stored before names were kept as parts, whose path is a misquoted catalog name', async () => {
    const target = { kind: 'dataset', path: 'Samples.samples.dremio.com.zips.json' } as const;
    const legacy: Recommendation = {
      ...reflectionOn(ZIPS),
      id: recommendationId('create-aggregate-reflection', target),
      target,
      sql: 'ALTER DATASET Samples.samples.dremio.com.zips.json CREATE AGGREGATE REFLECTION legacy USING DIMENSIONS (state)',
      status: 'pending',
    };
    const cluster = await findCluster(store.db, 'sim');
    await saveRecommendations(store.db, {
      clusterId: cluster!.id,
      recommendations: [legacy],
      at: SNAPSHOT_END,
      actor: 'analyze',
    });
    let executed = 0;
    await expect(
      applyRecommendation(store, {
        id: legacy.id,
        confirm: true,
        actor: 'ana',
        at: () => SNAPSHOT_END,
        execute: (text) => {
          executed++;
          return client.collectSql(text, { resendable: false });
        },
      }),
    ).rejects.toThrow(/names no dataset; the catalog has Samples\."samples\.dremio\.com"\."zips\.json"/);
    expect(executed).toBe(0);
  });
});
