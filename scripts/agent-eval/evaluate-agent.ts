import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explain } from '../../src/agent/explain.js';
import { withAppDeps } from '../../src/app/app-deps.js';
import { collectSettingsFromConfig } from '../../src/app/options-from-config.js';
import { pipelineCycle } from '../../src/app/pipeline.js';
import { loadConfig, type ResolvedConfig } from '../../src/config/index.js';
import type { DetectorId } from '../../src/domain/detector-id.js';
import type { Finding } from '../../src/domain/finding.js';
import type { Logger } from '../../src/log/index.js';
import { FLAVOR_SPECS, type Flavor, type GroundTruth, startSimulator } from '../../src/simulator/index.js';
import { openStore } from '../../src/store/index.js';
import { namesLabelledProblem } from './rubric.js';

export interface AgentEvalOptions {
  /** The LLM_* variables (and nothing else is read from them). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  readonly flavor?: Flavor;
  readonly seed?: number;
  readonly jobs?: number;
  readonly days?: number;
  readonly profileBudget?: number;
  /** Most findings explained; one per labelled problem first, then the next by time at stake. */
  readonly maxCases?: number;
  /** Compare rewrites' results with the originals' on the simulator (`explain --confirm`). */
  readonly confirm?: boolean;
  readonly onCase?: (c: AgentEvalCase) => void;
}

export interface AgentEvalCase {
  readonly findingId: string;
  readonly detector: string;
  /** What the simulator planted on the finding's jobs, dataset or reflection. */
  readonly labels: readonly DetectorId[];
  /** The answer passed its schema (on the first try or the one retry). */
  readonly schemaOk: boolean;
  readonly error: string | null;
  readonly rootCauseNamesLabel: boolean;
  readonly sql: readonly { readonly statement: string; readonly status: string; readonly reason: string }[];
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface AgentEvalSummary {
  readonly model: string;
  readonly cases: readonly AgentEvalCase[];
  /** Answers that passed the schema, of all findings explained. */
  readonly schemaShare: number | null;
  /** Statements not `invalid` (they parse, name what the catalog has, and EXPLAIN on Dremio), of all proposed. */
  readonly sqlValidShare: number | null;
  readonly statements: number;
  /** Root causes that name the labelled problem, of all findings explained. */
  readonly rootCauseShare: number | null;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

const EVAL_CLUSTER = 'agent-eval';

/**
 * Runs the product on the simulator (collect over HTTP, analyse, recommend), then asks the configured
 * model to explain findings whose subject carries a planted problem, through `agent.explain` exactly as
 * the CLI does (tools, validation gate), and scores the answers against the simulator's ground truth.
 */
export async function evaluateAgent(options: AgentEvalOptions): Promise<AgentEvalSummary> {
  const flavor = options.flavor ?? 'software-25.1';
  const sim = await startSimulator({
    flavor,
    seed: options.seed ?? 1,
    jobs: options.jobs ?? 1500,
    days: options.days ?? 7,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'do-agent-eval-'));
  const store = await openStore({ dataDir });
  try {
    const config = evalConfig(options.env, sim.url, sim.credentials, flavor, dataDir);
    const model = config.llm.model ?? '(none)';
    return await withAppDeps({ config, logger: options.logger, store }, async (deps) => {
      const at = new Date(sim.truth.generatedAt);
      const cycle = await pipelineCycle(
        deps,
        collectSettingsFromConfig(config, {
          clusterName: EVAL_CLUSTER,
          profileBudget: options.profileBudget ?? 300,
        }),
        { at },
      );
      const findings = cycle.report?.findings ?? [];
      const picked = pickCases(findings, sim.truth, options.maxCases ?? 12);
      const cases: AgentEvalCase[] = [];
      for (const { finding, labels } of picked) {
        const c = await explainOne(deps, finding, labels, options.confirm ?? false);
        cases.push(c);
        options.onCase?.(c);
      }
      return summarize(model, cases);
    });
  } finally {
    await store.close();
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function explainOne(
  deps: Parameters<typeof explain>[0],
  finding: Finding,
  labels: readonly DetectorId[],
  confirm: boolean,
): Promise<AgentEvalCase> {
  const base = { findingId: finding.id, detector: finding.detector, labels };
  try {
    const result = await explain(deps, { findingId: finding.id, cluster: EVAL_CLUSTER, confirm });
    return {
      ...base,
      schemaOk: result.source === 'model',
      error: result.source === 'model' ? null : (result.note ?? 'answered without the model'),
      rootCauseNamesLabel: namesLabelledProblem(result.answer.rootCause, labels),
      sql: result.sqlChecks.map((c) => ({
        statement: c.statement,
        status: c.status,
        reason: c.reason ?? '',
      })),
      promptTokens: result.usage.promptTokens,
      completionTokens: result.usage.completionTokens,
    };
  } catch (error) {
    // A model that never produced a valid answer (after its one retry) fails this case, not the eval.
    return {
      ...base,
      schemaOk: false,
      error: error instanceof Error ? error.message : String(error),
      rootCauseNamesLabel: false,
      sql: [],
      promptTokens: 0,
      completionTokens: 0,
    };
  }
}

/**
 * Findings whose subject the simulator labelled: one for each labelled problem first (the largest time
 * at stake), then the rest by time at stake, so a small budget still covers every kind of problem.
 */
export function pickCases(
  findings: readonly Finding[],
  truth: GroundTruth,
  max: number,
): { finding: Finding; labels: DetectorId[] }[] {
  const byJob = new Map(truth.jobs.map((j) => [j.jobId, j.labels]));
  const byDataset = new Map(truth.datasets.map((d) => [d.path.toLowerCase(), d.labels]));
  const byReflection = new Map(truth.reflections.map((r) => [r.id, r.labels]));
  const labelled = findings
    .map((finding) => {
      const labels = new Set<DetectorId>();
      for (const id of finding.jobIds) for (const l of byJob.get(id) ?? []) labels.add(l);
      const s = finding.subject;
      if (s.kind === 'dataset') for (const l of byDataset.get(s.path.toLowerCase()) ?? []) labels.add(l);
      if (s.kind === 'reflection') for (const l of byReflection.get(s.reflectionId) ?? []) labels.add(l);
      return { finding, labels: [...labels].sort() };
    })
    .filter((c) => c.labels.includes(c.finding.detector as DetectorId))
    .sort(
      (a, b) =>
        b.finding.impactMsPerDay - a.finding.impactMsPerDay || a.finding.id.localeCompare(b.finding.id),
    );
  const first = new Map<string, (typeof labelled)[number]>();
  for (const c of labelled) if (!first.has(c.finding.detector)) first.set(c.finding.detector, c);
  const rest = labelled.filter((c) => first.get(c.finding.detector) !== c);
  return [...first.values(), ...rest].slice(0, max);
}

export function summarize(model: string, cases: readonly AgentEvalCase[]): AgentEvalSummary {
  const share = (n: number, of: number) => (of === 0 ? null : n / of);
  const statements = cases.flatMap((c) => c.sql);
  return {
    model,
    cases,
    schemaShare: share(cases.filter((c) => c.schemaOk).length, cases.length),
    sqlValidShare: share(statements.filter((s) => s.status !== 'invalid').length, statements.length),
    statements: statements.length,
    rootCauseShare: share(cases.filter((c) => c.rootCauseNamesLabel).length, cases.length),
    promptTokens: cases.reduce((s, c) => s + c.promptTokens, 0),
    completionTokens: cases.reduce((s, c) => s + c.completionTokens, 0),
  };
}

/** The user's LLM_* settings with the simulator as the Dremio and a throwaway embedded store. */
function evalConfig(
  env: AgentEvalOptions['env'],
  url: string,
  credentials: { userName: string; password: string; token: string; projectId: string },
  flavor: Flavor,
  dataDir: string,
): ResolvedConfig {
  const llmEnv = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('LLM_') && e[1] !== undefined),
  );
  const enterprise = FLAVOR_SPECS[flavor].enterprise;
  const { config } = loadConfig({
    env: {
      ...llmEnv,
      DREMIO_URL: url,
      ...(enterprise
        ? { DREMIO_TOKEN: credentials.token }
        : { DREMIO_USERNAME: credentials.userName, DREMIO_PASSWORD: credentials.password }),
      ...(flavor === 'cloud' ? { DREMIO_PROJECT_ID: credentials.projectId } : {}),
      LOG_LEVEL: 'silent',
    },
    cwd: dataDir,
  });
  return config;
}
