/**
 * TLS trust options against a tiny loopback HTTPS server with a throwaway CA: the simulator speaks
 * plain HTTP, so this is the one transport case it cannot produce. Skipped when openssl is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDremioConnection,
  DEFAULT_CONNECTION_TUNING,
  type DremioConnectionOptions,
  getServerStatus,
} from '../../src/dremio/index.js';
import { DremioError } from '../../src/errors.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function makeCertificates(dir: string): { caFile: string; key: string; cert: string } {
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=test-ca',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  ]);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'san.ext',
    '-out',
    'server.pem',
  ]);
  return {
    caFile: join(dir, 'ca.pem'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
  };
}

describe.skipIf(!hasOpenssl())('TLS trust', () => {
  let dir = '';
  let server: Server;
  let caFile = '';
  let url = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dremio-tls-'));
    const certs = makeCertificates(dir);
    caFile = certs.caFile;
    server = createServer({ key: certs.key, cert: certs.cert }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('"OK"');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const options = (
    tls: DremioConnectionOptions['tls'],
    warnings: string[] = [],
  ): DremioConnectionOptions => ({
    ...DEFAULT_CONNECTION_TUNING,
    url,
    auth: { kind: 'password', userName: 'u', password: 'p' },
    tls,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    logger: { debug: () => {}, warn: (_obj, msg) => warnings.push(msg) },
  });

  it('rejects an unknown CA and names DREMIO_TLS_CA_FILE and DREMIO_TLS_INSECURE', async () => {
    const connection = createDremioConnection(options({ insecure: false }));
    const error = await getServerStatus(connection).catch((e: unknown) => e);
    connection.close();
    expect(error).toBeInstanceOf(DremioError);
    expect((error as DremioError).code).toBe('DREMIO_TLS');
    expect((error as DremioError).hint).toContain('DREMIO_TLS_CA_FILE');
    expect((error as DremioError).hint).toContain('DREMIO_TLS_INSECURE');
  });

  it('trusts the server with the extra CA file', async () => {
    const connection = createDremioConnection(options({ insecure: false, caFile }));
    const status = await getServerStatus(connection);
    connection.close();
    expect(status).toEqual({ status: 200, text: 'OK' });
  });

  it('connects in insecure mode and warns exactly once', async () => {
    const warnings: string[] = [];
    const connection = createDremioConnection(options({ insecure: true }, warnings));
    await getServerStatus(connection);
    await getServerStatus(connection);
    connection.close();
    expect(warnings.filter((w) => w.includes('verification is disabled'))).toHaveLength(1);
  });

  it('names DREMIO_TLS_CA_FILE when the CA file cannot be read', () => {
    const make = () => createDremioConnection(options({ insecure: false, caFile: join(dir, 'missing.pem') }));
    expect(make).toThrow(DremioError);
    try {
      make();
    } catch (error) {
      expect((error as DremioError).code).toBe('DREMIO_TLS_CA_FILE');
      expect((error as DremioError).hint).toContain('DREMIO_TLS_CA_FILE');
    }
  });
});
