import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSql } from '../../src/app/sql-validation.js';
import { loadConfig } from '../../src/config/index.js';
import { API_SCOPES, type ApiScope } from '../../src/config/schema.js';
import { createMcpServer, type McpServerOptions } from '../../src/mcp/server.js';
import { redact } from '../../src/sql/redact.js';
import { type Answer, call, startTestApi, type TestApi } from '../api/api-harness.js';
import { collectedAndAnalyzed, type ReadFixture } from '../app/read-fixture.js';
import { realFixture } from '../support/fixtures.js';
import { testBackends } from '../support/store-backends.js';

const READ_TOOLS = [
  'analyze_profile',
  'explain_finding',
  'fingerprint_sql',
  'get_finding',
  'get_job',
  'get_recommendation',
  'list_findings',
  'list_measurements',
  'list_recommendations',
  'search_jobs',
  'validate_sql',
];

const KEY = {
  reader: 'mcp-reader-key-0123456789',
  sqlReader: 'mcp-sql-reader-key-012345',
  writer: 'mcp-writer-key-0123456789',
  admin: 'mcp-admin-key-01234567890',
} as const;
const API_KEYS = JSON.stringify([
  { name: 'reader', key: KEY.reader, scopes: ['read'] },
  { name: 'sql-reader', key: KEY.sqlReader, scopes: ['read', 'sql'] },
  { name: 'writer', key: KEY.writer, scopes: ['read', 'write'] },
  { name: 'admin', key: KEY.admin, scopes: ['read', 'write', 'apply', 'sql'] },
]);

const CLI_ENTRY = join(process.cwd(), 'test/support/bin-entry.ts');
const TSX = pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href;

type Json = Record<string, unknown>;

/** The tool's structured answer; fails the test with the error text when the call failed. */
function structured(result: unknown): Json {
  const r = result as CallToolResult;
  const text = r.content[0]?.type === 'text' ? r.content[0].text : '';
  expect(r.isError ?? false, text).toBe(false);
  // The text content is the same JSON, for clients that read only text.
  expect(JSON.parse(text)).toEqual(r.structuredContent);
  return r.structuredContent as Json;
}

function ok(answer: Answer): Json {
  expect(answer.status, answer.text).toBe(200);
  return answer.body as Json;
}

async function inProcess(fx: ReadFixture, options: Partial<McpServerOptions> = {}): Promise<Client> {
  const server = createMcpServer(() => fx.deps, {
    allowWrites: false,
    scopes: new Set<ApiScope>(API_SCOPES),
    canSeeSql: true,
    allowFiles: true,
    actor: 'mcp:test',
    version: 'test',
    ...options,
  });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(clientSide);
  return client;
}

async function overHttp(url: string, key?: string): Promise<Client> {
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: key === undefined ? {} : { Authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

/** An MCP initialize POST with a Host header of our choosing (fetch does not let a caller set it). */
function rawPost(url: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 't', version: '1' },
    },
  });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      {
        method: 'POST',
        headers: {
          Host: host,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((t) => t.name).sort();
}

/**
 * Every read tool against the API on the same store (collected from the simulator and analysed): the
 * same items and numbers. In process (InMemoryTransport), over stdio (`dremio-optimizer mcp` as a
 * child process) and over HTTP (`/mcp` of a running API, with its keys, scopes and rate limit).
 */
describe.each(testBackends())('MCP server [$name]', (backend) => {
  let fx: ReadFixture;
  let api: TestApi;
  let writable: TestApi;
  let local: Client;
  const path = (p: string) => call(api.url, p, { key: KEY.admin });
  beforeAll(async () => {
    fx = await collectedAndAnalyzed(backend);
    const env = { API_KEYS, API_RATE_LIMIT_PER_MINUTE: '10000' };
    api = await startTestApi({ store: fx.t.store, env });
    writable = await startTestApi({ store: fx.t.store, env, mcpAllowWrites: true });
    local = await inProcess(fx);
  }, 240_000);
  afterAll(async () => {
    await local?.close();
    await writable?.close();
    await api?.close();
    await fx?.dispose();
  });

  it('offers the read tools only, each with the schemas of its service', async () => {
    const { tools } = await local.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);
    for (const tool of tools) {
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
    }
    const search = tools.find((t) => t.name === 'search_jobs')!;
    expect(Object.keys(search.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['cluster', 'from', 'to', 'fingerprint', 'text', 'limit', 'cursor']),
    );
  });

  it('list_findings and get_finding answer what the API answers', async () => {
    const listed = structured(await local.callTool({ name: 'list_findings', arguments: { limit: 500 } }));
    const fromApi = ok(await path('/api/v1/findings?limit=500'));
    expect((listed.items as Json[]).length).toBeGreaterThan(0);
    expect(listed.items).toEqual(fromApi.items);
    const top = (listed.items as Json[])[0]!;
    expect(top).toEqual((fromApi.items as Json[])[0]);
    const open = structured(
      await local.callTool({ name: 'list_findings', arguments: { status: 'open', severity: 'high' } }),
    );
    expect(open).toEqual(ok(await path('/api/v1/findings?status=open&severity=high')));

    const one = structured(await local.callTool({ name: 'get_finding', arguments: { id: top.id } }));
    expect(one).toEqual(ok(await path(`/api/v1/findings/${top.id}`)));
    expect(one.impactMsPerDay).toBe(top.impactMsPerDay);
  });

  it('list_recommendations and get_recommendation answer what the API answers', async () => {
    const listed = structured(await local.callTool({ name: 'list_recommendations', arguments: {} }));
    expect(listed).toEqual(ok(await path('/api/v1/recommendations')));
    const top = (listed.items as Json[])[0]!;
    expect(top).toBeDefined();
    const one = structured(await local.callTool({ name: 'get_recommendation', arguments: { id: top.id } }));
    expect(one).toEqual(ok(await path(`/api/v1/recommendations/${top.id}`)));
  });

  it('search_jobs, get_job, list_measurements and fingerprint_sql answer what the API and the store say', async () => {
    const jobs = structured(
      await local.callTool({ name: 'search_jobs', arguments: { state: 'COMPLETED', limit: 20 } }),
    );
    expect(jobs).toEqual(ok(await path('/api/v1/jobs?state=COMPLETED&limit=20')));
    const next = structured(
      await local.callTool({
        name: 'search_jobs',
        arguments: { state: 'COMPLETED', limit: 20, cursor: jobs.nextCursor },
      }),
    );
    expect(next).toEqual(
      ok(await path(`/api/v1/jobs?state=COMPLETED&limit=20&cursor=${String(jobs.nextCursor)}`)),
    );
    const job = (jobs.items as Json[]).find((j) => j.sqlText !== null && j.sqlTruncated === false)!;
    const detail = structured(await local.callTool({ name: 'get_job', arguments: { jobId: job.jobId } }));
    expect(detail).toEqual(ok(await path(`/api/v1/jobs/${String(job.jobId)}`)));

    expect(structured(await local.callTool({ name: 'list_measurements', arguments: {} }))).toEqual(
      ok(await path('/api/v1/measurements')),
    );
    const fp = structured(await local.callTool({ name: 'fingerprint_sql', arguments: { sql: job.sqlText } }));
    expect(fp.fingerprint).toBe(job.fingerprint);
  });

  it('validate_sql and explain_finding answer what the service and the API answer', async () => {
    const jobs = ok(await path('/api/v1/jobs?state=COMPLETED&limit=50'));
    const job = (jobs.items as Json[]).find((j) => j.sqlText !== null && j.sqlTruncated === false)!;
    const valid = structured(await local.callTool({ name: 'validate_sql', arguments: { sql: job.sqlText } }));
    expect(valid).toEqual(await validateSql(fx.deps, { sql: String(job.sqlText) }));
    const broken = structured(
      await local.callTool({
        name: 'validate_sql',
        arguments: { sql: 'SELECT no_such_column_anywhere FROM no_such_space.no_such_table' },
      }),
    );
    expect(broken.valid).toBe(false);
    expect((broken.problems as Json[]).map((p) => p.kind)).toContain('unknown-table');

    const top = (ok(await path('/api/v1/findings?status=open&limit=1')).items as Json[])[0]!;
    const explained = structured(
      await local.callTool({ name: 'explain_finding', arguments: { findingId: top.id } }),
    );
    expect(explained.source).toBe('deterministic');
    expect(explained).toEqual(
      ok(await call(api.url, '/api/v1/explain', { key: KEY.admin, json: { findingId: top.id } })),
    );
  });

  it('analyze_profile reads JSON text (and, locally, a path) as the upload route does', async () => {
    const file = realFixture('dqd/profile1.json');
    const uploaded = ok(
      await call(api.url, '/api/v1/profiles/analyze', { key: KEY.reader, body: readFileSync(file) }),
    );
    const fromText = structured(
      await local.callTool({ name: 'analyze_profile', arguments: { json: readFileSync(file, 'utf8') } }),
    );
    const fromPath = structured(await local.callTool({ name: 'analyze_profile', arguments: { path: file } }));
    const strip = (r: Json) => (r.profiles as Json[]).map(({ file: _f, ...rest }) => rest);
    expect((fromText.profiles as Json[]).length).toBe(1);
    expect(strip(fromText)).toEqual(strip(uploaded));
    expect(strip(fromPath)).toEqual(strip(uploaded));
    const both = (await local.callTool({
      name: 'analyze_profile',
      arguments: { json: '{}', path: file },
    })) as CallToolResult;
    expect(both.isError).toBe(true);
  });

  it('serves findings and recommendations as resources and the optimize-query prompt', async () => {
    const { resources } = await local.listResources();
    const finding = resources.find((r) => r.uri.startsWith('dremio-optimizer://findings/'))!;
    const rec = resources.find((r) => r.uri.startsWith('dremio-optimizer://recommendations/'))!;
    const findingId = decodeURIComponent(finding.uri.split('/').pop()!);
    const read = await local.readResource({ uri: finding.uri });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual(
      ok(await path(`/api/v1/findings/${findingId}`)),
    );
    const recId = decodeURIComponent(rec.uri.split('/').pop()!);
    const readRec = await local.readResource({ uri: rec.uri });
    expect(JSON.parse((readRec.contents[0] as { text: string }).text)).toEqual(
      ok(await path(`/api/v1/recommendations/${recId}`)),
    );
    const templates = await local.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'dremio-optimizer://findings/{id}',
      'dremio-optimizer://recommendations/{id}',
    ]);

    const prompt = await local.getPrompt({
      name: 'optimize-query',
      arguments: { sql: 'SELECT * FROM sales WHERE region = 1' },
    });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toContain('fingerprint_sql');
    expect(text).toContain('SELECT * FROM sales WHERE region = 1');
    expect(text).toContain('read-only');
    expect(text).not.toContain('apply_recommendation');
  });

  it('redacts the literals of query text for a caller that may not see SQL', async () => {
    const blind = await inProcess(fx, { canSeeSql: false });
    try {
      const jobs = ok(await path('/api/v1/jobs?state=COMPLETED&limit=50'));
      const job = (jobs.items as Json[]).find(
        (j) => typeof j.sqlText === 'string' && redact(j.sqlText) !== j.sqlText,
      )!;
      expect(job, 'a job whose SQL has literals').toBeDefined();
      const detail = structured(await blind.callTool({ name: 'get_job', arguments: { jobId: job.jobId } }));
      expect(detail.sqlText).toBe(redact(String(job.sqlText)));
      expect(detail.sqlRedacted).toBe(true);
      const recs = ok(await path('/api/v1/recommendations?limit=500'));
      const withSql = (recs.items as Json[]).filter((r) => typeof r.sql === 'string');
      const blindRecs = structured(
        await blind.callTool({ name: 'list_recommendations', arguments: { limit: 500 } }),
      );
      expect((blindRecs.items as Json[]).map((r) => r.sql)).toEqual(
        (recs.items as Json[]).map((r) => (typeof r.sql === 'string' ? redact(r.sql) : r.sql)),
      );
      expect(withSql.length).toBeGreaterThan(0);
    } finally {
      await blind.close();
    }
  });

  it('a refusal quoting a statement is redacted too, for a caller that may not see SQL', async () => {
    const blind = await inProcess(fx, { canSeeSql: false, allowWrites: true });
    try {
      const recs = ok(await path('/api/v1/recommendations?limit=500'));
      const rec = (recs.items as Json[]).find(
        (r) => typeof r.sql === 'string' && redact(r.sql) !== r.sql && r.status === 'pending',
      )!;
      expect(rec, 'a pending recommendation whose SQL has literals').toBeDefined();
      const refused = (await blind.callTool({
        name: 'apply_recommendation',
        arguments: { id: rec.id, confirm: false },
      })) as CallToolResult;
      expect(refused.isError).toBe(true);
      const error = JSON.parse((refused.content[0] as { text: string }).text).error as Json;
      expect(error.code).toBeDefined();
      expect(error.message).toContain(redact(String(rec.sql)));
      expect(error.message).not.toContain(String(rec.sql));
    } finally {
      await blind.close();
    }
  });

  it('over HTTP: the API key decides the tools, the SQL shown and the rate limit', async () => {
    await expect(overHttp(api.url)).rejects.toThrow(/401|API key/);

    const reader = await overHttp(api.url, KEY.reader);
    const sqlReader = await overHttp(api.url, KEY.sqlReader);
    try {
      expect(await toolNames(reader)).toEqual(READ_TOOLS);
      const transport = (reader as unknown as { transport: StreamableHTTPClientTransport }).transport;
      expect(transport.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);

      // The same findings and numbers; without the sql scope a sample query's literals are redacted.
      const fromApi = ok(await call(api.url, '/api/v1/findings?limit=500', { key: KEY.reader }));
      const withSql = structured(
        await sqlReader.callTool({ name: 'list_findings', arguments: { limit: 500 } }),
      );
      expect(withSql).toEqual(fromApi);
      const listed = structured(await reader.callTool({ name: 'list_findings', arguments: { limit: 500 } }));
      const redactedSample = (f: Json) => {
        const subject = f.subject as Json;
        return typeof subject.sampleSql === 'string'
          ? { ...f, subject: { ...subject, sampleSql: redact(subject.sampleSql) } }
          : f;
      };
      expect(listed.items).toEqual((fromApi.items as Json[]).map(redactedSample));
      expect(listed.items).not.toEqual(fromApi.items);

      const jobs = ok(await call(api.url, '/api/v1/jobs?state=COMPLETED&limit=50', { key: KEY.reader }));
      const job = (jobs.items as Json[]).find(
        (j) => typeof j.sqlText === 'string' && redact(j.sqlText) !== j.sqlText,
      )!;
      const hidden = structured(await reader.callTool({ name: 'get_job', arguments: { jobId: job.jobId } }));
      expect(hidden.sqlText).toBe(redact(String(job.sqlText)));
      // Nor can it search by SQL text, which would test for a literal.
      const searchOf = async (client: Client) =>
        Object.keys(
          (await client.listTools()).tools.find((t) => t.name === 'search_jobs')!.inputSchema.properties ??
            {},
        );
      expect(await searchOf(reader)).not.toContain('text');
      expect(await searchOf(sqlReader)).toContain('text');
      const probe = (await reader.callTool({
        name: 'search_jobs',
        arguments: { text: 'APAC' },
      })) as CallToolResult;
      expect(probe.isError).toBe(true);
      const shown = structured(
        await sqlReader.callTool({ name: 'get_job', arguments: { jobId: job.jobId } }),
      );
      expect(shown).toEqual(
        ok(await call(api.url, `/api/v1/jobs/${String(job.jobId)}`, { key: KEY.reader })),
      );

      // A remote caller gives a profile as JSON text only: no path field, and a path is never read.
      const analyze = (await reader.listTools()).tools.find((t) => t.name === 'analyze_profile')!;
      expect(Object.keys(analyze.inputSchema.properties ?? {})).toEqual(['json']);
      const byPath = (await reader.callTool({
        name: 'analyze_profile',
        arguments: { path: realFixture('dqd/profile1.json') },
      })) as CallToolResult;
      expect(byPath.isError).toBe(true);
    } finally {
      await reader.close();
      await sqlReader.close();
    }

    // Without --mcp-allow-writes no key gets a write tool.
    const admin = await overHttp(api.url, KEY.admin);
    expect(await toolNames(admin)).toEqual(READ_TOOLS);
    await admin.close();
  });

  it('over HTTP with writes allowed: accept for a write key, apply only with the apply scope', async () => {
    const writer = await overHttp(writable.url, KEY.writer);
    const admin = await overHttp(writable.url, KEY.admin);
    const reader = await overHttp(writable.url, KEY.reader);
    try {
      expect(await toolNames(reader)).toEqual(READ_TOOLS);
      expect(await toolNames(writer)).toEqual([...READ_TOOLS, 'accept_recommendation'].sort());
      expect(await toolNames(admin)).toEqual(
        [...READ_TOOLS, 'accept_recommendation', 'apply_recommendation'].sort(),
      );

      const recs = ok(await call(writable.url, '/api/v1/recommendations?status=pending', { key: KEY.admin }));
      const first = (recs.items as Json[])[0];
      const refused = (await writer.callTool({
        name: 'apply_recommendation',
        arguments: { id: first!.id, confirm: true },
      })) as CallToolResult;
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toContain('apply_recommendation');

      // Without confirm nothing runs: the service refuses and shows the statement.
      const unconfirmed = (await admin.callTool({
        name: 'apply_recommendation',
        arguments: { id: (recs.items as Json[]).find((r) => r.sql !== null)!.id, confirm: false },
      })) as CallToolResult;
      expect(unconfirmed.isError).toBe(true);
      expect(JSON.stringify(unconfirmed.content)).toContain('confirm');

      const accepted = structured(
        await writer.callTool({ name: 'accept_recommendation', arguments: { id: first!.id } }),
      );
      expect(accepted.status).toBe('accepted');
      const after = ok(await call(writable.url, `/api/v1/recommendations/${first!.id}`, { key: KEY.admin }));
      expect(after.status).toBe('accepted');
      expect((after.history as Json[]).at(-1)).toMatchObject({ toStatus: 'accepted', actor: 'mcp:writer' });
    } finally {
      await writer.close();
      await admin.close();
      await reader.close();
    }
  });

  it('over HTTP: /mcp counts against the API rate limit of the key', async () => {
    const limited = await startTestApi({
      store: fx.t.store,
      env: { API_KEYS, API_RATE_LIMIT_PER_MINUTE: '2' },
    });
    try {
      ok(await call(limited.url, '/api/v1/findings?limit=1', { key: KEY.reader }));
      ok(await call(limited.url, '/api/v1/findings?limit=1', { key: KEY.reader }));
      await expect(overHttp(limited.url, KEY.reader)).rejects.toThrow(/429|over 2 requests/);
    } finally {
      await limited.close();
    }
  });

  it('over HTTP without keys: every scope for a loopback Host, refused for another (DNS rebinding), POST only', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'do-mcp-open-'));
    const open = await startTestApi({
      store: fx.t.store,
      config: { config: loadConfig({ env: {}, cwd }).config, cwd },
    });
    try {
      const client = await overHttp(open.url);
      const jobs = ok(await call(open.url, '/api/v1/jobs?state=COMPLETED&limit=1'));
      const job = (jobs.items as Json[])[0]!;
      const detail = structured(await client.callTool({ name: 'get_job', arguments: { jobId: job.jobId } }));
      expect(detail.sqlText).toBe(job.sqlText);
      await client.close();

      const rebound = await rawPost(open.url, '/mcp', 'attacker.example:80');
      expect(rebound.status).toBe(403);
      expect(rebound.body).toContain('loopback');
      expect((await rawPost(open.url, '/mcp', new URL(open.url).host)).status).toBe(200);
      expect((await call(open.url, '/mcp')).status).toBe(405);
    } finally {
      await open.close();
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('over stdio: `dremio-optimizer mcp` answers the same, read-only without --allow-writes', async () => {
    const expected = {
      findings: ok(await path('/api/v1/findings?limit=500')),
      recommendations: ok(await path('/api/v1/recommendations')),
      jobs: ok(await path('/api/v1/jobs?limit=50')),
    };
    // The child opens the store itself: close the servers and this process's handle (PGlite's lock).
    await writable.close();
    await api.close();
    await fx.t.store.close();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'info',
      DATA_DIR: fx.t.location.dataDir,
      ...(fx.t.location.databaseUrl === undefined ? {} : { DATABASE_URL: fx.t.location.databaseUrl }),
    };
    const spawnMcp = async (args: string[]) => {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: ['--import', TSX, CLI_ENTRY, 'mcp', ...args],
        env,
        cwd: process.cwd(),
        stderr: 'pipe',
      });
      const stderr: string[] = [];
      transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      const client = new Client({ name: 'test', version: '1' });
      await client.connect(transport);
      return { client, stderr };
    };

    const { client, stderr } = await spawnMcp(['--show-sql']);
    try {
      expect(await toolNames(client)).toEqual(READ_TOOLS);
      const findings = structured(
        await client.callTool({ name: 'list_findings', arguments: { limit: 500 } }),
      );
      expect(findings).toEqual(expected.findings);
      const top = (findings.items as Json[])[0]!;
      const one = structured(await client.callTool({ name: 'get_finding', arguments: { id: top.id } }));
      expect(one.id).toBe(top.id);
      expect(structured(await client.callTool({ name: 'list_recommendations', arguments: {} }))).toEqual(
        expected.recommendations,
      );
      expect(structured(await client.callTool({ name: 'search_jobs', arguments: { limit: 50 } }))).toEqual(
        expected.jobs,
      );
      const profile = structured(
        await client.callTool({
          name: 'analyze_profile',
          arguments: { path: realFixture('dqd/profile1.json') },
        }),
      );
      expect((profile.profiles as Json[]).length).toBe(1);
    } finally {
      await client.close();
    }
    // Logs went to stderr (stdout carried only the protocol, or the client would have failed to parse).
    expect(stderr.join('')).toContain('MCP server on stdio');

    const withWrites = await spawnMcp(['--allow-writes']);
    try {
      expect(await toolNames(withWrites.client)).toEqual(
        [...READ_TOOLS, 'accept_recommendation', 'apply_recommendation'].sort(),
      );
      // Without --show-sql the literals of query text are redacted.
      const jobs = structured(
        await withWrites.client.callTool({ name: 'search_jobs', arguments: { limit: 50 } }),
      );
      const sqlOf = (page: Json) => (page.items as Json[]).map((j) => j.sqlText);
      expect(sqlOf(jobs)).toEqual(sqlOf(expected.jobs).map((s) => (typeof s === 'string' ? redact(s) : s)));
      expect(sqlOf(jobs)).not.toEqual(sqlOf(expected.jobs));
    } finally {
      await withWrites.client.close();
    }
  }, 120_000);
});
