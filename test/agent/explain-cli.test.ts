import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_MODEL_NOTE } from '../../src/agent/explain.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { openStore } from '../../src/store/index.js';
import { runCli } from '../support/run-cli.js';
import { startScriptedLlm } from '../support/scripted-llm-server.js';
import { PII_FINDING, REFLECTION_SQL, seedWorld } from './agent-world.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function seededDir(): Promise<{ cwd: string; env: Record<string, string> }> {
  const cwd = mkdtempSync(join(tmpdir(), 'do-explain-cli-'));
  dirs.push(cwd);
  const env = { DATA_DIR: join(cwd, 'data') };
  const store = await openStore({ dataDir: env.DATA_DIR, command: 'test' });
  try {
    await seedWorld(store);
  } finally {
    await store.close();
  }
  return { cwd, env };
}

describe('dremio-optimizer explain', () => {
  it('explains a finding id or a job id, as text or JSON, without a model', async () => {
    const { cwd, env } = await seededDir();
    const text = await runCli(['explain', PII_FINDING.id], { env, cwd });
    expect(text.exitCode, text.stderr).toBe(EXIT.ok);
    expect(text.stdout).toContain(NO_MODEL_NOTE);
    for (const heading of [
      'Root cause',
      'Recommendation',
      'Implementation steps',
      'SQL',
      'Expected impact',
      'Risks',
    ])
      expect(text.stdout).toContain(`\n${heading}\n`);
    expect(text.stdout).toContain(REFLECTION_SQL);
    expect(text.stdout).toContain(
      '[invalid: unknown-table: table crm.customers is not in the collected catalog',
    );
    expect(text.stdout).toContain('75% of the run time, 7.5 s per run, 2 h per year');

    const json = await runCli(['explain', 'pii-0', '--format', 'json'], { env, cwd });
    expect(json.exitCode, json.stderr).toBe(EXIT.ok);
    expect(JSON.parse(json.stdout)).toMatchObject({ jobId: 'pii-0', findingId: PII_FINDING.id });

    const unknown = await runCli(['explain', 'no-such-id'], { env, cwd });
    expect(unknown.exitCode).toBe(EXIT.input);
  });

  it('exits with the failed-service code when the model keeps breaking the answer schema, without printing its key', async () => {
    const { cwd, env } = await seededDir();
    const llm = await startScriptedLlm([{ content: '{"rootCause": 1}' }, { content: 'no' }]);
    try {
      const key = 'sk-cli-test-0123456789abcdef';
      const run = await runCli(['explain', PII_FINDING.id], {
        env: { ...env, LLM_BASE_URL: llm.url, LLM_MODEL: 'm', LLM_API_KEY: key, LLM_MAX_TOOL_CALLS: '0' },
        cwd,
      });
      expect(run.exitCode).toBe(EXIT.dremio);
      expect(run.stderr).toContain('answer schema');
      expect(run.stdout + run.stderr).not.toContain(key);
      expect(llm.requests).toHaveLength(2);
    } finally {
      await llm.close();
    }
  });
});
