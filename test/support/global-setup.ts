import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openStore } from '../../src/store/open-store.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data directory that store tests copy instead of running initdb each time. */
    pgliteTemplateDir: string;
    /** A throwaway PostgreSQL database for this run, or '' when no server is reachable. */
    postgresUrl: string;
  }
}

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Prepares both store backends once per run. When TEST_DATABASE_URL is set (CI creates one) tests use
 * that database; otherwise a reachable local server gets a throwaway database that is dropped afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const templateRoot = mkdtempSync(join(tmpdir(), 'do-pglite-template-'));
  const store = await openStore({ dataDir: templateRoot, command: 'test template' });
  await store.close();
  project.provide('pgliteTemplateDir', templateRoot);

  const { url, drop } = await preparePostgres();
  project.provide('postgresUrl', url);
  return async () => {
    rmSync(templateRoot, { recursive: true, force: true });
    await drop();
  };
}

async function preparePostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const none = { url: '', drop: async () => {} };
  if (process.env.TEST_POSTGRES === '0') return none;
  const given = process.env.TEST_DATABASE_URL;
  if (given !== undefined && given !== '') return { url: given, drop: async () => {} };
  const admin = new pg.Client({ connectionString: DEFAULT_SERVER, connectionTimeoutMillis: 10_000 });
  try {
    await admin.connect();
  } catch {
    return none;
  }
  const name = `dremio_optimizer_test_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = DEFAULT_SERVER.replace(/\/postgres$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: DEFAULT_SERVER });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
