import type { DremioDeployment } from '../domain/dremio-deployment.js';
import type { DremioConnection } from './dremio-connection.js';
import { parseResponse } from './parse-response.js';
import {
  fromRestReflection,
  fromSysReflectionRow,
  type ReflectionRecord,
  reflectionListSchema,
  sysReflectionRowSchema,
} from './reflection-record.js';
import { runSql } from './sql-runner.js';

/**
 * Every reflection, through what this edition offers: `GET /reflection` on Enterprise and Cloud,
 * `sys.reflections` over SQL on OSS (which has no "list all" endpoint).
 */
export async function listReflections(
  connection: DremioConnection,
  deployment: Pick<DremioDeployment, 'reflectionSource' | 'reflectionsTable'>,
  options: { signal?: AbortSignal } = {},
): Promise<readonly ReflectionRecord[]> {
  if (deployment.reflectionSource === 'rest') {
    const path = connection.restPath('/reflection');
    const body = await connection.getJson(path, options.signal ? { signal: options.signal } : {});
    return (parseResponse(reflectionListSchema, { body, endpoint: `GET ${path}` }).data ?? []).map(
      fromRestReflection,
    );
  }
  const records: ReflectionRecord[] = [];
  const sql = `SELECT * FROM ${deployment.reflectionsTable}`;
  for await (const row of runSql(connection, sql, { schema: sysReflectionRowSchema, ...options })) {
    records.push(fromSysReflectionRow(row));
  }
  return records;
}
