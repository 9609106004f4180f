import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';

/** A stand-in OTLP/HTTP collector on loopback: keeps each POST to /v1/traces (JSON, as the exporter sends). */
interface Receiver {
  readonly url: string;
  readonly posts: { readonly contentType: string; readonly body: string }[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const posts: { contentType: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        posts.push({
          contentType: req.headers['content-type'] ?? '',
          body: Buffer.concat(chunks).toString(),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs the CLI from source in its own process, as a user would, and waits for it to exit. */
function runCliProcess(args: readonly string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/cli-entry.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

interface OtlpSpan {
  readonly name: string;
  readonly traceId: string;
  readonly parentSpanId?: string;
}

function spansOf(posts: Receiver['posts']): { service: string[]; spans: OtlpSpan[] } {
  const service: string[] = [];
  const spans: OtlpSpan[] = [];
  for (const post of posts) {
    const body = JSON.parse(post.body) as {
      resourceSpans: {
        resource: { attributes: { key: string; value: { stringValue?: string } }[] };
        scopeSpans: { spans: OtlpSpan[] }[];
      }[];
    };
    for (const rs of body.resourceSpans) {
      const name = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
      if (name !== undefined) service.push(name);
      for (const ss of rs.scopeSpans) spans.push(...ss.spans);
    }
  }
  return { service, spans };
}

describe('OTLP/HTTP export from a real CLI process', () => {
  let sim: RunningSimulator;
  let receiver: Receiver;
  const dirs: string[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ flavor: 'software-25.1', jobs: 150, days: 2, seed: 4 });
    receiver = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await sim?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function workdir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'do-otlp-'));
    dirs.push(dir);
    return dir;
  }

  const dremioEnv = () => ({
    DREMIO_URL: sim.url,
    DREMIO_USERNAME: sim.credentials.userName,
    DREMIO_PASSWORD: sim.credentials.password,
    LOG_LEVEL: 'warn',
  });

  it('sends the spans of `collect` to the endpoint of OTEL_EXPORTER_OTLP_ENDPOINT, as one trace', async () => {
    const cwd = workdir();
    const run = await runCliProcess(['collect', '--profiles', '2', '--only', 'history,profiles'], {
      ...dremioEnv(),
      DATA_DIR: join(cwd, 'data'),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'optimizer-under-test',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(receiver.posts.length).toBeGreaterThan(0);
    expect(receiver.posts[0]!.contentType).toContain('application/json');
    const { service, spans } = spansOf(receiver.posts);
    expect(new Set(service)).toEqual(new Set(['optimizer-under-test']));
    const names = new Set(spans.map((s) => s.name));
    for (const name of ['cli.collect', 'collect.history', 'collect.profiles', 'dremio.request', 'db.query'])
      expect(names, name).toContain(name);
    const root = spans.find((s) => s.name === 'cli.collect')!;
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([root.traceId]));
  }, 120_000);
});
