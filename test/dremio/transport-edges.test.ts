/**
 * Answers no Dremio (real or simulated) gives: a web page where the API should be. A tiny loopback
 * server stands in for the proxy or SSO portal a wrong DREMIO_URL points at.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConnection, createDremioClient, DEFAULT_CONNECTION_TUNING } from '../../src/dremio/index.js';
import { DremioError } from '../../src/errors.js';
import { recordingLogger } from './sim-client.js';

describe('a URL that serves a web page instead of the Dremio API', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>Sign in</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const options = (logger = recordingLogger().logger) => ({
    ...DEFAULT_CONNECTION_TUNING,
    url,
    auth: { kind: 'pat', token: 't' } as const,
    tls: { insecure: false },
    logger,
  });

  it('fails at once, naming DREMIO_URL, instead of retrying a "truncated" answer', async () => {
    const { logger, entries } = recordingLogger();
    const client = createDremioClient(options(logger));
    const error = await client.getJob('1f0e0000-0000-0000-0000-000000000000').catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(DremioError);
    expect((error as DremioError).message).toContain('HTML page');
    expect((error as DremioError).hint).toContain('DREMIO_URL');
    expect(entries.filter((e) => e.msg === 'retrying dremio request')).toEqual([]);
  });

  it('makes check name DREMIO_URL on the connection line', async () => {
    const report = await checkConnection(options());
    const connection = report.lines.find((line) => line.item === 'connection');
    expect(connection?.ok).toBe(false);
    expect(connection?.fix).toContain('DREMIO_URL');
  });
});

describe('a URL that redirects', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(301, { location: 'https://dremio.example.com:9047/api/v3/info' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('is not followed with our credentials, and the error names DREMIO_URL and the target', async () => {
    const client = createDremioClient({
      ...DEFAULT_CONNECTION_TUNING,
      url,
      auth: { kind: 'pat', token: 't' },
      tls: { insecure: false },
    });
    const error = await client.info().catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(DremioError);
    expect((error as DremioError).status).toBe(301);
    expect((error as DremioError).hint).toContain('DREMIO_URL');
    expect((error as DremioError).hint).toContain('https://dremio.example.com:9047');
  });
});
