import { estimateImpact } from '../../app/impact-estimate.js';
import { validateSql } from '../../app/sql-validation.js';
import type { AgentTool } from '../tool.js';

/** `sql.validate` for the model: every statement it proposes is checked before anyone sees it. */
export const validateSqlTool: AgentTool<typeof validateSql.input> = {
  name: 'validate_sql',
  description:
    'Check one SQL statement (a query, or reflection/OPTIMIZE/partition DDL): it parses, and every table and column it names exists in the collected catalog; with explain=true also EXPLAIN PLAN FOR on Dremio (queries only, read-only).',
  input: validateSql.input,
  run: (deps, input) => validateSql(deps, input),
};

/** `impact.estimate` for the model: expected savings come from measured history, never from a guess. */
export const estimateImpactTool: AgentTool<typeof estimateImpact.input> = {
  name: 'estimate_impact',
  description:
    "Expected saving of a kind of change (recommendation kind and/or detector id) from this cluster's measured before/after history; with a fingerprint, also seconds per run and hours per year. Answers basis 'none' when nothing was measured.",
  input: estimateImpact.input,
  run: (deps, input) => estimateImpact(deps, input),
};

export const VALIDATION_TOOLS: readonly AgentTool[] = [validateSqlTool, estimateImpactTool];
