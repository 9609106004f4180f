import type { z } from 'zod';
import type { explainOutput } from './explain.js';

type Explanation = z.input<typeof explainOutput>;

/** An explanation as text for a terminal: each section under its heading, statements with their check. */
export function renderExplanation(e: Explanation): string {
  const a = e.answer;
  const lines: string[] = [];
  const what =
    e.findingId === null
      ? `job ${e.jobId}`
      : `finding ${e.findingId}${e.jobId === null ? '' : ` (job ${e.jobId})`}`;
  lines.push(`Explanation of ${what} in ${e.cluster}`);
  lines.push(e.source === 'model' ? `Answered by model ${e.model}` : (e.note ?? 'Deterministic answer'));
  const section = (title: string, body: readonly string[]) => {
    lines.push('', title);
    if (body.length === 0) lines.push('  (none)');
    else for (const line of body) lines.push(`  ${line}`);
  };
  section('Root cause', [a.rootCause]);
  section('Recommendation', [a.recommendation]);
  section(
    'Implementation steps',
    a.implementationSteps.map((s, i) => `${i + 1}. ${s}`),
  );
  section(
    'SQL',
    a.sql.flatMap((s, i) => {
      const check = e.sqlChecks[i];
      const status =
        check === undefined
          ? 'unverified'
          : `${check.status}${check.reason === null ? '' : `: ${check.reason}`}`;
      return [`-- ${s.kind}: ${s.purpose} [${status}]`, ...s.statement.split('\n'), ''];
    }),
  );
  const impact = a.expectedImpact;
  const n = (v: number | null, unit: string) => (v === null ? 'unknown' : `${v}${unit}`);
  section('Expected impact', [
    `${n(impact.percent, '%')} of the run time, ${n(impact.secondsPerRun, ' s')} per run, ${n(impact.hoursPerYear, ' h')} per year`,
    `basis: ${e.impactBasis}`,
  ]);
  section('Difficulty and priority', [`difficulty ${a.difficulty}, priority ${a.priority}`]);
  section('Risks', a.risks);
  section('Prerequisites', a.prerequisites);
  if (e.source === 'model') {
    const tools = e.toolCalls.map((t) => `${t.name} ${t.ok ? 'ok' : 'failed'} ${t.ms} ms`);
    section('Tool calls', tools);
    lines.push(
      '',
      `Tokens: ${e.usage.promptTokens} prompt, ${e.usage.completionTokens} completion over ${e.usage.calls.length} call(s)${e.usage.cost === null ? '' : `; cost ${e.usage.cost.toFixed(4)}`}`,
    );
  }
  lines.push('', 'Nothing was applied. Only statements marked validated are recommendations.');
  return lines.join('\n');
}
