import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAVOR_SPECS, FLAVORS, type Flavor } from '../../src/simulator/flavor.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { launch } from './support/launch.js';
import { login, resultsPage, runJob } from './support/sim-client.js';

interface Page {
  readonly rowCount: number;
  readonly schema: readonly { readonly name: string; readonly type: { readonly name: string } }[];
  readonly rows: readonly Record<string, unknown>[];
}

interface Connection {
  readonly sim: RunningSimulator;
  readonly auth: string;
  readonly prefix: string;
}

async function connect(flavor: Flavor): Promise<Connection> {
  const sim = await launch({ flavor });
  if (flavor === 'cloud') {
    return {
      sim,
      auth: `Bearer ${sim.credentials.token}`,
      prefix: `/v0/projects/${sim.credentials.projectId}`,
    };
  }
  return { sim, auth: await login(sim), prefix: '/api/v3' };
}

async function query(
  connection: Connection,
  sql: string,
): Promise<{ state: string; error: string; page: Page }> {
  const { sim, auth, prefix } = connection;
  const { id, status } = await runJob(sim, { auth, prefix, sql });
  const page =
    status.jobState === 'COMPLETED'
      ? ((await resultsPage(sim, { auth, prefix, id, limit: 500 })).json as Page)
      : { rowCount: 0, schema: [], rows: [] };
  return { state: String(status.jobState), error: String(status.errorMessage), page };
}

for (const flavor of FLAVORS) {
  describe(`system tables on ${flavor}`, () => {
    let connection: Connection;
    beforeAll(async () => {
      connection = await connect(flavor);
    });
    afterAll(async () => {
      await connection.sim.stop();
    });

    it.runIf(FLAVOR_SPECS[flavor].historyTable === 'jobs-listing')(
      'has no sys.jobs_recent before 24.3: a query on it fails as Dremio says',
      async () => {
        const result = await query(connection, 'SELECT job_id FROM sys.jobs_recent LIMIT 3');
        expect(result.state).toBe('FAILED');
        expect(result.error).toBe("VALIDATION ERROR: Object 'jobs_recent' not found within 'sys'");
      },
    );

    // Before 24.3 history is not a table: the jobs-listing tests read it.
    it.skipIf(FLAVOR_SPECS[flavor].historyTable === 'jobs-listing')(
      `reads its history table ${FLAVOR_SPECS[flavor].historyTable}`,
      async () => {
        const result = await query(
          connection,
          `/* dremio-optimizer */ SELECT * FROM ${FLAVOR_SPECS[flavor].historyTable} LIMIT 3`,
        );
        expect(result.state).toBe('COMPLETED');
        expect(result.page.rows).toHaveLength(3);
        expect(result.page.schema.map((c) => c.name)).toContain('job_id');
      },
    );

    it('reads INFORMATION_SCHEMA."TABLES" with quoted and unquoted names', async () => {
      const result = await query(
        connection,
        'SELECT TABLE_SCHEMA, "TABLE_NAME" FROM INFORMATION_SCHEMA."TABLES" LIMIT 5',
      );
      expect(result.state).toBe('COMPLETED');
      expect(result.page.schema.map((c) => c.name)).toEqual(['TABLE_SCHEMA', 'TABLE_NAME']);
      expect(result.page.rows.length).toBeGreaterThan(0);
    });

    it('reads the reflections system table', async () => {
      const table = flavor === 'cloud' ? 'sys.project.reflections' : 'sys.reflections';
      const result = await query(connection, `SELECT * FROM ${table}`);
      expect(result.state, result.error).toBe('COMPLETED');
      expect(result.page.rowCount).toBe(connection.sim.world.reflections().length);
    });

    it('reads Iceberg metadata through TABLE(table_files(…))', async () => {
      const path = connection.sim.truth.datasets
        .map((d) => d.path)
        .find((p) => connection.sim.world.tableFunction('table_files', p) !== undefined);
      expect(path).toBeDefined();
      const result = await query(
        connection,
        `SELECT file_path, record_count FROM TABLE(table_files('${path}')) LIMIT 10`,
      );
      expect(result.state, result.error).toBe('COMPLETED');
      expect(result.page.rows.length).toBeGreaterThan(0);
      expect(result.page.schema).toEqual([
        { name: 'file_path', type: { name: 'VARCHAR' } },
        { name: 'record_count', type: { name: 'BIGINT' } },
      ]);
    });

    it('fidelity-gaps Iceberg functions: VARCHAR content, {key, value} maps, day partitions in days since the epoch, table_manifests', async () => {
      const path = 'lakehouse.sales.orders';
      const files = await query(
        connection,
        `SELECT content, "partition", column_sizes, lower_bounds FROM TABLE(table_files('${path}')) LIMIT 3`,
      );
      expect(files.state, files.error).toBe('COMPLETED');
      expect(files.page.schema[0]).toEqual({ name: 'content', type: { name: 'VARCHAR' } });
      const row = files.page.rows[0]!;
      expect(row.content).toBe('DATA');
      expect(row.partition).toMatch(/^\{order_ts_day=2\d{4}\}$/);
      expect((row.column_sizes as unknown[])[0]).toEqual({ key: 1, value: expect.any(Number) });
      expect((row.lower_bounds as unknown[])[0]).toMatchObject({ key: 1 });
      const snapshot = await query(
        connection,
        `SELECT summary FROM TABLE(table_snapshot('${path}')) LIMIT 1`,
      );
      expect((snapshot.page.rows[0]!.summary as unknown[])[0]).toEqual({
        key: 'added-data-files',
        value: expect.any(String),
      });
      const manifests = await query(
        connection,
        `SELECT path, added_data_files_count FROM TABLE(table_manifests('${path}'))`,
      );
      expect(manifests.state, manifests.error).toBe('COMPLETED');
      const listed = manifests.page.rows.reduce((n, r) => n + Number(r.added_data_files_count), 0);
      expect(listed).toBe([...connection.sim.world.tableFunction('table_files', path)!.scan([])].length);
    });
  });
}

describe('sys.version', () => {
  it('reports the flavor version on Software', async () => {
    const connection = await connect('software-24.3');
    try {
      const result = await query(connection, 'SELECT version FROM sys.version');
      expect(result.page.rows).toEqual([{ version: expect.stringContaining('24.3') }]);
    } finally {
      await connection.sim.stop();
    }
  });
});
