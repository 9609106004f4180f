/**
 * `npm run eval:agent`: how well the configured model explains the simulator's planted problems.
 * Needs LLM_BASE_URL and LLM_MODEL (and LLM_API_KEY for a hosted model); without them it says so and
 * exits 0, since the suite and CI have no model to call. Options: EVAL_CASES (default 12),
 * EVAL_JOBS (1500), EVAL_SEED (1), EVAL_CONFIRM=1 to compare rewrites' results on the simulator.
 */
import { createLogger } from '../src/log/index.js';
import { type AgentEvalSummary, evaluateAgent } from './agent-eval/evaluate-agent.js';

const env = process.env;
if (env.LLM_BASE_URL === undefined || env.LLM_BASE_URL === '') {
  console.log(
    'eval:agent skipped: LLM_BASE_URL is not set. Set LLM_BASE_URL and LLM_MODEL (and LLM_API_KEY) to an OpenAI-compatible endpoint to evaluate a model.',
  );
  process.exit(0);
}

const int = (name: string, fallback: number) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number of at least 1, got ${env[name]}`);
    process.exit(2);
  }
  return value;
};

const logger = createLogger({ level: env.LOG_LEVEL ?? 'warn', format: 'json' });
console.log(`eval:agent: model ${env.LLM_MODEL ?? '(unset)'} at ${new URL(env.LLM_BASE_URL).host}`);
const summary = await evaluateAgent({
  env,
  logger,
  maxCases: int('EVAL_CASES', 12),
  jobs: int('EVAL_JOBS', 1500),
  seed: int('EVAL_SEED', 1),
  confirm: env.EVAL_CONFIRM === '1',
  onCase: (c) =>
    console.log(
      `  ${c.schemaOk ? 'schema ok ' : 'schema FAIL'}  ${c.rootCauseNamesLabel ? 'names it ' : 'misses it'}  ${c.detector.padEnd(20)} labels ${c.labels.join(',')}  sql ${c.sql.map((s) => s.status).join(',') || '-'}${c.error === null ? '' : `  (${c.error})`}`,
    ),
});
console.log(report(summary));

function report(s: AgentEvalSummary): string {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(0)} %`);
  return [
    `findings explained:                   ${s.cases.length}`,
    `answers that pass the schema:         ${pct(s.schemaShare)}`,
    `SQL statements that validate:         ${pct(s.sqlValidShare)} of ${s.statements}`,
    `root causes naming the planted problem: ${pct(s.rootCauseShare)}`,
    `tokens: ${s.promptTokens} prompt, ${s.completionTokens} completion`,
  ].join('\n');
}
