import type { DremioDeployment } from '../domain/dremio-deployment.js';
import { isAppError } from '../errors.js';
import {
  fixFor,
  messageOf,
  probeCatalog,
  probeIcebergMetadata,
  probeInformationSchema,
  probeJobHistory,
  probeProfiles,
  probeReflections,
} from './check-probes.js';
import { CHECK_ITEMS, type CheckLine, type CheckReport, failed, passed, skipped } from './check-report.js';
import type { DremioConnectionOptions } from './connection-options.js';
import { detectDeployment } from './detect-deployment.js';
import { createDremioConnection, type DremioConnection } from './dremio-connection.js';
import { getServerStatus } from './server-info.js';

export interface CheckOptions {
  /** Catalog entries to look through for an Iceberg table (default 200). */
  readonly icebergSearchLimit?: number;
}

const TRANSPORT_CODES = ['DREMIO_UNREACHABLE', 'DREMIO_TLS', 'DREMIO_TLS_CA_FILE', 'DREMIO_TIMEOUT'];

/**
 * The first command a user runs against a real cluster: can we reach it, do the credentials work,
 * what is it, and can this user read each source the product needs. Every failure carries the exact
 * fix, naming the environment variable at fault. Never throws for a Dremio-side problem.
 *
 * @example
 * const report = await checkConnection(options);
 * for (const line of report.lines) console.log(line.ok ? 'ok  ' : 'FAIL', line.item, line.detail, line.fix ?? '');
 */
export async function checkConnection(
  options: DremioConnectionOptions,
  checkOptions: CheckOptions = {},
): Promise<CheckReport> {
  const lines: CheckLine[] = [];
  let deployment: DremioDeployment | undefined;
  let connection: DremioConnection | undefined;
  try {
    connection = createDremioConnection(options);
    const reached = await checkReachAndAuth(connection, lines);
    if (reached) {
      deployment = await checkDeployment(connection, lines);
      if (deployment) await checkSources(connection, { deployment, lines, checkOptions });
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    lines.push(failed('connection', messageOf(error), fixFor(error)));
  } finally {
    connection?.close();
  }
  return finishReport({ options, deployment, lines });
}

async function checkReachAndAuth(connection: DremioConnection, lines: CheckLine[]): Promise<boolean> {
  if (!connection.cloud) {
    const reach = await probeServerStatus(connection);
    lines.push(reach);
    if (!reach.ok) return false;
  }
  try {
    await connection.session.header();
    if (connection.session.method === 'pat') await connection.getJson(connection.restPath('/catalog'));
  } catch (error) {
    const code = isAppError(error) ? error.code : '';
    // On Cloud the first authenticated call is also the first contact, and it names the project.
    if (connection.cloud && [...TRANSPORT_CODES, 'DREMIO_PROJECT_NOT_FOUND'].includes(code)) {
      lines.push(failed('connection', messageOf(error), fixFor(error)));
      return false;
    }
    if (connection.cloud) lines.push(passed('connection', `Dremio Cloud answers at ${connection.origin}.`));
    lines.push(failed('authentication', messageOf(error), fixFor(error)));
    return false;
  }
  if (connection.cloud) lines.push(passed('connection', `Dremio Cloud answers at ${connection.origin}.`));
  lines.push(passed('authentication', describeAuth(connection)));
  return true;
}

async function probeServerStatus(connection: DremioConnection): Promise<CheckLine> {
  try {
    const status = await getServerStatus(connection);
    if (status.status === 200)
      return passed('connection', `Dremio answers at ${connection.origin} (${status.text}).`);
    if (status.status === 503) {
      return failed(
        'connection',
        `Dremio at ${connection.origin} is not ready: ${status.text}`,
        'The coordinator is starting or has lost its master; wait for it, then run check again.',
      );
    }
    return failed(
      'connection',
      `${connection.origin} answered HTTP ${status.status} to /apiv2/server_status, so it is not a Dremio coordinator`,
      'Check DREMIO_URL: it must be the Dremio coordinator (port 9047 by default), not another service or a UI proxy path.',
    );
  } catch (error) {
    return failed('connection', messageOf(error), fixFor(error));
  }
}

function describeAuth(connection: DremioConnection): string {
  if (connection.session.method === 'pat') return 'The personal access token is accepted (Bearer).';
  const info = connection.session.loginInfo;
  const role = info?.admin === undefined ? '' : info.admin ? ' (admin)' : ' (not an admin)';
  return `Logged in as ${info?.userName || 'the configured user'}${role} with a password.`;
}

async function checkDeployment(
  connection: DremioConnection,
  lines: CheckLine[],
): Promise<DremioDeployment | undefined> {
  try {
    const deployment = await detectDeployment(connection);
    const edition = deployment.kind === 'cloud' ? 'Cloud' : deployment.enterprise ? 'Enterprise' : 'OSS';
    const project = deployment.kind === 'cloud' ? `, project ${deployment.projectId}` : '';
    lines.push(
      passed(
        'deployment',
        `${describeProduct(deployment)} (${edition}${project}); history from ${deployment.historyTable}, reflections via ${deployment.reflectionSource}, profiles via ${deployment.profileSource}.`,
      ),
    );
    return deployment;
  } catch (error) {
    lines.push(failed('deployment', `Cannot tell which Dremio this is: ${messageOf(error)}`, fixFor(error)));
    return undefined;
  }
}

function describeProduct(deployment: DremioDeployment): string {
  if (deployment.kind === 'software') return `Dremio Software ${deployment.version}`;
  return deployment.version === 'unknown' ? 'Dremio Cloud' : `Dremio Cloud ${deployment.version}`;
}

async function checkSources(
  connection: DremioConnection,
  run: { deployment: DremioDeployment; lines: CheckLine[]; checkOptions: CheckOptions },
): Promise<void> {
  const history = await probeJobHistory(connection, run.deployment);
  run.lines.push(history.line);
  run.lines.push(await probeProfiles(connection, history.sampleJobIds));
  run.lines.push(await probeReflections(connection, run.deployment));
  run.lines.push(await probeCatalog(connection));
  run.lines.push(await probeInformationSchema(connection));
  run.lines.push(
    await probeIcebergMetadata(connection, { maxEntities: run.checkOptions.icebergSearchLimit ?? 200 }),
  );
}

function finishReport(run: {
  options: DremioConnectionOptions;
  deployment: DremioDeployment | undefined;
  lines: CheckLine[];
}): CheckReport {
  const reported = new Set(run.lines.map((line) => line.item));
  const firstFailure = run.lines.find((line) => !line.ok && !line.skipped);
  const complete = [...run.lines];
  for (const item of CHECK_ITEMS) {
    if (!reported.has(item))
      complete.push(skipped(item, `Not checked: ${firstFailure?.item ?? 'an earlier step'} failed.`));
  }
  complete.sort((a, b) => CHECK_ITEMS.indexOf(a.item) - CHECK_ITEMS.indexOf(b.item));
  return {
    ok: complete.every((line) => line.ok || line.skipped) && firstFailure === undefined,
    url: run.options.url,
    authMethod: run.options.auth.kind,
    deployment: run.deployment,
    lines: complete,
  };
}
