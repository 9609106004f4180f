import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluateAgent } from '../../scripts/agent-eval/evaluate-agent.js';
import { namesLabelledProblem } from '../../scripts/agent-eval/rubric.js';
import { type ScriptedLlm, startScriptedLlm } from '../support/scripted-llm-server.js';
import { scriptedAnswer, silent } from './agent-world.js';

const run = promisify(execFile);

describe('npm run eval:agent', () => {
  let llm: ScriptedLlm | undefined;
  afterEach(async () => {
    await llm?.close();
    llm = undefined;
  });

  it('says it is skipped, and succeeds, when no model is configured', async () => {
    const env = { ...process.env };
    delete env.LLM_BASE_URL;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/eval-agent.ts'], { env });
    expect(stdout).toContain('eval:agent skipped: LLM_BASE_URL is not set');
  });

  it('explains labelled findings through explain and scores schema, SQL and root cause against the truth', async () => {
    const answer = scriptedAnswer({
      rootCause: 'The query spills to disk: its aggregation does not fit in memory.',
      sql: [
        {
          kind: 'rewrite',
          statement: 'SELECT order_id, amount FROM lakehouse.sales.orders',
          purpose: 'narrow',
        },
        {
          kind: 'rewrite',
          statement: 'SELECT order_id, discount_code_v2 FROM lakehouse.sales.orders',
          purpose: 'x',
        },
      ],
    });
    const broken = JSON.stringify({ rootCause: 'slow' });
    llm = await startScriptedLlm([
      { content: JSON.stringify(answer) },
      { content: broken },
      { content: broken },
      { content: JSON.stringify(answer) },
    ]);
    const summary = await evaluateAgent({
      env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'scripted-model', LLM_MAX_TOOL_CALLS: '0' },
      logger: silent,
      jobs: 400,
      days: 4,
      profileBudget: 80,
      maxCases: 3,
    });
    expect(summary.model).toBe('scripted-model');
    expect(summary.cases).toHaveLength(3);
    // Each case is a finding whose own detector is among the problems planted on its subject.
    for (const c of summary.cases) expect(c.labels).toContain(c.detector);
    // One per labelled problem first.
    expect(new Set(summary.cases.map((c) => c.detector)).size).toBe(3);
    expect(summary.cases.map((c) => c.schemaOk)).toEqual([true, false, true]);
    expect(summary.cases[1]!.error).toContain('after one retry');
    expect(summary.schemaShare).toBeCloseTo(2 / 3);
    // The invented column is caught by the gate; the real one is not invalid.
    expect(summary.statements).toBe(4);
    expect(summary.cases[0]!.sql.map((s) => s.status)).toEqual(['unverified', 'invalid']);
    expect(summary.sqlValidShare).toBe(0.5);
    const named = [summary.cases[0]!, summary.cases[2]!].filter((c) => c.labels.includes('spill')).length;
    expect(summary.rootCauseShare).toBeCloseTo(named / 3);
    expect(summary.promptTokens).toBeGreaterThan(0);
  }, 240_000);

  it('scores a root cause by the words for the planted problem, not by any problem', () => {
    expect(namesLabelledProblem('Operators spill 6 GiB to disk.', ['spill'])).toBe(true);
    expect(namesLabelledProblem('Operators spill 6 GiB to disk.', ['queue-wait'])).toBe(false);
    expect(namesLabelledProblem('The job waited 95 s in the queue.', ['spill', 'queue-wait'])).toBe(true);
  });
});
