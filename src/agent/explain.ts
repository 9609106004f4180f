import { z } from 'zod';
import { booleanInput } from '../app/collect.js';
import { type AppDeps, defineService } from '../app/service.js';
import { type ExplanationAnswer, explanationAnswer } from './answer-schema.js';
import { deterministicAnswer } from './deterministic-answer.js';
import { type ExplainFacts, gatherFacts } from './explain-facts.js';
import { createLlmClient } from './llm-client.js';
import { llmSettingsFromConfig } from './llm-settings.js';
import { systemPrompt, userPrompt } from './prompt.js';
import type { AgentTool } from './tool.js';
import { runToolLoop } from './tool-loop.js';
import { toolRegistry } from './tool-registry.js';
import { VALIDATION_TOOLS } from './tools/validation-tools.js';
import { checkAnswerSql } from './validation-gate.js';

/** The check of one proposed statement; the validation gate fills it, else each is `unverified`. */
export const sqlCheckOutput = z.looseObject({
  statement: z.string(),
  kind: z.string(),
  status: z.string().describe('validated, unverified or invalid; only validated SQL is a recommendation'),
  reason: z.string().nullable(),
});
export type SqlCheck = z.input<typeof sqlCheckOutput>;

/**
 * Checks every SQL statement of an answer (written beside the agent: parse, catalog, EXPLAIN, result
 * comparison). Without one, each statement is reported `unverified`, never as validated.
 */
export type ValidationGate = (
  answer: ExplanationAnswer,
  deps: AppDeps,
  context: {
    readonly cluster: string;
    /** The query a rewrite replaces (the job's stored SQL), when known. */
    readonly originalSql: string | null;
    readonly confirm: boolean;
  },
) => Promise<SqlCheck[]>;

export interface ExplainWiring {
  /** Tools besides the read tools (validate_sql, estimate_impact). */
  readonly extraTools?: readonly AgentTool[];
  readonly gate?: ValidationGate;
}

export const NO_MODEL_NOTE =
  "No model is configured (LLM_BASE_URL is unset): this answer is the detectors' and recommenders' own text.";

export const explainInput = z
  .object({
    findingId: z.string().min(1).max(200).optional().describe('The finding to explain'),
    jobId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('The job to explain (through the findings covering it)'),
    cluster: z.string().min(1).max(200).optional().describe('Cluster name as stored; default the only one'),
    confirm: booleanInput
      .default(false)
      .describe(
        'Run each proposed rewrite and the original query on Dremio (read-only, row-limited) and compare their results; without it a rewrite stays unverified',
      ),
  })
  .refine((o) => (o.findingId === undefined) !== (o.jobId === undefined), {
    message: 'exactly one of findingId or jobId',
    path: ['findingId'],
  });

export const explainOutput = z.object({
  source: z.enum(['model', 'deterministic']),
  model: z.string().nullable().describe('The model that answered; null for a deterministic answer'),
  modelConfigured: z.boolean(),
  note: z.string().nullable().describe('Says when no model is configured'),
  cluster: z.string(),
  findingId: z.string().nullable().describe('The finding explained (for a job: the largest one covering it)'),
  jobId: z.string().nullable(),
  answer: explanationAnswer,
  impactBasis: z.string().describe("What answer.expectedImpact rests on; always the product's own numbers"),
  sqlChecks: z.array(sqlCheckOutput),
  toolCalls: z.array(z.object({ name: z.string(), ok: z.boolean(), ms: z.number() })),
  usage: z.object({
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    cost: z.number().nullable().describe('Only when LLM_*_PRICE_PER_MILLION are set'),
    calls: z.array(
      z.object({
        promptTokens: z.number().int(),
        completionTokens: z.number().int(),
        reported: z.boolean().describe('false: the server sent no usage; estimated from the text'),
        ms: z.number(),
        cost: z.number().nullable(),
      }),
    ),
  }),
});

const TASK_FINDING =
  'Explain the root cause of this finding and propose the exact changes that fix it. The facts the product measured:';
const TASK_JOB =
  'Explain why this job is slow (through the findings covering it, if any) and propose the exact changes that fix it. The facts the product measured:';

/**
 * The `agent.explain` service, wired with extra tools and a validation gate. The gate and the tools are
 * code, not options, so the service's input stays what a caller may send.
 */
export function createExplainService(wiring: ExplainWiring = {}) {
  const tools = toolRegistry(wiring.extraTools);
  return defineService({
    name: 'agent.explain',
    summary:
      "Explain a finding or a job: root cause, exact changes, expected impact; from the configured model, or the detectors' own text without one",
    input: explainInput,
    output: explainOutput,
    async run(deps, options) {
      const facts = await gatherFacts(
        deps,
        options.findingId !== undefined
          ? { findingId: options.findingId, cluster: options.cluster }
          : { jobId: options.jobId!, cluster: options.cluster },
      );
      const settings = llmSettingsFromConfig(deps.config);
      const base = {
        cluster: facts.cluster,
        findingId: facts.finding?.id ?? null,
        jobId: facts.jobId,
        impactBasis: facts.ourImpact.basis,
      };
      if (settings === undefined) {
        const answer = explanationAnswer.parse(deterministicAnswer(facts));
        return {
          ...base,
          source: 'deterministic' as const,
          model: null,
          modelConfigured: false,
          note: NO_MODEL_NOTE,
          answer,
          sqlChecks: await checks(answer, deps, facts, options.confirm),
          toolCalls: [],
          usage: { promptTokens: 0, completionTokens: 0, cost: null, calls: [] },
        };
      }
      const loop = await runToolLoop({
        client: createLlmClient(settings),
        settings,
        tools,
        deps,
        messages: [
          {
            role: 'system',
            content: systemPrompt({ redactLiterals: settings.redactLiterals, tools: tools.size > 0 }),
          },
          {
            role: 'user',
            content: userPrompt(
              facts.findingId !== null || facts.jobId === null ? TASK_FINDING : TASK_JOB,
              modelFacts(facts),
              settings.redactLiterals,
            ),
          },
        ],
      });
      // The impact is ours, whatever the model wrote: it was told to copy it, and is never trusted to.
      const answer = { ...loop.answer, expectedImpact: modelImpact(facts) };
      const costs = loop.calls.map((c) => c.cost);
      return {
        ...base,
        source: 'model' as const,
        model: settings.model,
        modelConfigured: true,
        note: null,
        answer,
        sqlChecks: await checks(answer, deps, facts, options.confirm),
        toolCalls: [...loop.toolCalls],
        usage: {
          promptTokens: loop.calls.reduce((s, c) => s + c.promptTokens, 0),
          completionTokens: loop.calls.reduce((s, c) => s + c.completionTokens, 0),
          cost: costs.some((c) => c === null) ? null : costs.reduce<number>((s, c) => s + (c ?? 0), 0),
          calls: [...loop.calls],
        },
      };
    },
  });

  async function checks(
    answer: ExplanationAnswer,
    deps: AppDeps,
    facts: ExplainFacts,
    confirm: boolean,
  ): Promise<SqlCheck[]> {
    if (wiring.gate !== undefined)
      return wiring.gate(answer, deps, {
        cluster: facts.cluster,
        originalSql: facts.job?.sqlText ?? null,
        confirm,
      });
    return answer.sql.map((s) => ({
      statement: s.statement,
      kind: s.kind,
      status: 'unverified',
      reason: 'not validated',
    }));
  }
}

function modelImpact(facts: ExplainFacts): ExplanationAnswer['expectedImpact'] {
  const { percent, secondsPerRun, hoursPerYear } = facts.ourImpact;
  return { percent, secondsPerRun, hoursPerYear };
}

/** Largest first message, in characters of JSON; past it the profile summary is left to `get_job`. */
const MAX_FACTS_CHARS = 48_000;

/**
 * The facts as the model reads them: the product's numbers with the impact named as the one to copy. A
 * large profile summary is left out of the first message (the model can read it with `get_job`, whose
 * result is cut at its own limit), so the first request stays within a small model's context.
 */
function modelFacts(facts: ExplainFacts): unknown {
  const all = {
    cluster: facts.cluster,
    finding: facts.finding,
    otherFindingsOnTheJob: facts.otherFindings,
    recommendations: facts.recommendations,
    job: facts.job,
    ourImpact: facts.ourImpact,
  };
  if (facts.job?.profile == null || JSON.stringify(all).length <= MAX_FACTS_CHARS) return all;
  return {
    ...all,
    job: {
      ...facts.job,
      profile: { ...facts.job.profile, summary: 'left out for size: call get_job for the profile summary' },
    },
  };
}

/**
 * `agent.explain` as every caller uses it: the read tools plus `validate_sql` and `estimate_impact`, and
 * every proposed statement through the validation gate.
 */
export const explain = createExplainService({
  extraTools: VALIDATION_TOOLS,
  gate: (answer, deps, context) =>
    checkAnswerSql(deps, answer.sql, {
      cluster: context.cluster,
      confirm: context.confirm,
      ...(context.originalSql === null ? {} : { originalSql: context.originalSql }),
    }),
});
